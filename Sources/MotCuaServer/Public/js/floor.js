// MotCua center floor: keeps the TV screen live and announces calls; prints a kiosk ticket.
// Served as a file because the content security policy forbids inline script. Pages work without it.
(function () {
  "use strict";

  // --- Kiosk ticket: print once, then go back to the kiosk for the next visitor.
  var slip = document.body;
  if (slip && slip.dataset.autoprint === "1") {
    window.addEventListener("load", function () {
      try { window.print(); } catch (e) { /* no printer: the number is on the screen */ }
      setTimeout(function () { window.location.href = slip.dataset.return; }, 12000);
    });
  }

  // --- TV screen.
  var screen = document.getElementById("man-hinh");
  if (!screen) { return; }

  var audio = null;
  var soundButton = document.getElementById("bat-am-thanh");
  var lastKeys = null;
  var lastMessage = Date.now();
  var pollTimer = null;
  var source = null;

  function vietnameseVoice() {
    if (!("speechSynthesis" in window)) { return null; }
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf("vi") === 0) { return voices[i]; }
    }
    return null;
  }

  function chime() {
    try {
      if (!audio) { audio = new (window.AudioContext || window.webkitAudioContext)(); }
      if (audio.state === "suspended") {
        if (soundButton) { soundButton.hidden = false; }
        return;
      }
      [880, 660].forEach(function (frequency, index) {
        var oscillator = audio.createOscillator();
        var gain = audio.createGain();
        var start = audio.currentTime + index * 0.45;
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.3, start + 0.05);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.4);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(start);
        oscillator.stop(start + 0.45);
      });
    } catch (e) { /* no audio on this device */ }
  }

  function speak(text) {
    var voice = vietnameseVoice();
    if (!voice) { return; }
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = 0.9;
    // After the chime, so that the two do not overlap.
    setTimeout(function () { window.speechSynthesis.speak(utterance); }, 900);
  }

  if (soundButton) {
    soundButton.addEventListener("click", function () {
      if (audio) { audio.resume(); }
      soundButton.hidden = true;
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function render(state) {
    var board = document.getElementById("cac-quay");
    board.replaceChildren();
    state.counters.forEach(function (counter) {
      var item = element("li", "counter-card");
      item.dataset.counter = String(counter.number);
      item.appendChild(element("span", "counter-name", "Quầy " + counter.number + " · " + counter.name));
      item.appendChild(element("span", "counter-ticket", counter.ticketNumber ? String(counter.ticketNumber) : "—"));
      board.appendChild(item);
    });
    var list = document.getElementById("danh-sach-cho");
    list.replaceChildren();
    state.waiting.forEach(function (row) {
      var item = element("li", row.isPriority ? "priority" : "");
      item.appendChild(element("span", "waiting-number", String(row.number)));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("span", "waiting-service", row.service));
      list.appendChild(item);
    });
    document.getElementById("so-dang-cho").textContent = String(state.waitingCount);

    // Announce each new call or recall; the first state only sets what is known.
    var keys = {};
    state.counters.forEach(function (counter) {
      if (!counter.callKey) { return; }
      keys[counter.number] = counter.callKey;
      if (lastKeys !== null && lastKeys[counter.number] !== counter.callKey) {
        document.getElementById("loi-moi").textContent = counter.announcement;
        var card = board.querySelector('[data-counter="' + counter.number + '"]');
        if (card) { card.classList.add("just-called"); }
        chime();
        speak(counter.announcement);
      }
    });
    lastKeys = keys;
  }

  function receive(text) {
    lastMessage = Date.now();
    try { render(JSON.parse(text)); } catch (e) { /* a broken message: the next one repairs the screen */ }
  }

  function poll() {
    fetch(screen.dataset.state, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(receive)
      .catch(function () { /* the server is away: try again at the next tick */ });
  }

  function startPolling() {
    if (pollTimer === null) { pollTimer = setInterval(poll, 2000); }
  }

  function stopPolling() {
    if (pollTimer !== null) { clearInterval(pollTimer); pollTimer = null; }
  }

  function connect() {
    if (!("EventSource" in window)) { startPolling(); return; }
    source = new EventSource(screen.dataset.events);
    source.addEventListener("state", function (event) { stopPolling(); receive(event.data); });
    source.addEventListener("ping", function () { lastMessage = Date.now(); });
    source.addEventListener("open", function () { lastMessage = Date.now(); });
    // The browser retries by itself; until it succeeds, the screen polls.
    source.addEventListener("error", function () { startPolling(); });
  }

  // A screen that heard nothing for a minute (a dead connection no one noticed) starts over.
  setInterval(function () {
    if (Date.now() - lastMessage > 60000) {
      if (source) { source.close(); }
      lastMessage = Date.now();
      connect();
    }
  }, 10000);

  poll();
  connect();
})();
