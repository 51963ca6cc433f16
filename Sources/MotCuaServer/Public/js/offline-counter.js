// The offline counter (issue #25): takes dossiers in while the network is down and sends them, in order, when it is back.
//
// Each dossier waits in IndexedDB in a database named after the signed-in officer (motcua-quay-<officer id>): the page
// of another account opens its own database and never sees this one, and the server refuses a dossier sent for
// another officer than the one signed in. Every dossier carries an idempotency key generated here, so a retry or a
// replayed batch creates nothing twice. A refusal (invalid data, procedure no longer offered) stays in the queue as a
// failure until the officer resolves it; a network failure is retried. A dossier accepted by the server is deleted
// from the browser at once.
(function () {
  "use strict";
  var root = document.getElementById("quay-ngoai-tuyen");
  if (!root || !("indexedDB" in window)) return;
  var officer = root.dataset.officer;
  var csrf = root.dataset.csrf;
  var form = document.getElementById("tiep-nhan-ngoai-tuyen");
  var select = document.getElementById("procedureCode");
  var banner = document.getElementById("trang-thai-mang");
  var readiness = document.getElementById("trang-thai-san-sang");
  var waitingCount = document.getElementById("so-cho-gui");
  var errorBox = document.getElementById("loi-bieu-mau");
  var rows = document.querySelector("#hang-doi tbody");
  var dbName = "motcua-quay-" + officer;
  var calendar = null;
  var sent = [];
  var syncing = false;
  var retryTimer = null;
  var retryDelay = 2000;
  var serverUnreachable = false;

  // -- storage, one database per officer --------------------------------------------------------------------------
  function openDatabase() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(dbName, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("queue", { keyPath: "key" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function withStore(mode, work) {
    return openDatabase().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction("queue", mode);
        var request = work(transaction.objectStore("queue"));
        transaction.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  }
  function queued() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return items.sort(function (a, b) { return a.seq - b.seq; });
    });
  }
  function save(item) { return withStore("readwrite", function (store) { return store.put(item); }); }
  function remove(key) { return withStore("readwrite", function (store) { return store.delete(key); }); }

  // -- times and the cached working-day calendar (Vietnam time, UTC+7) ----------------------------------------------
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function vietnam(ms) { return new Date(ms + 7 * 3600 * 1000); }
  function localText(ms) {
    var d = vietnam(ms);
    return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + " ngày " + pad(d.getUTCDate()) + "/" + pad(d.getUTCMonth() + 1) + "/" + d.getUTCFullYear();
  }
  function isoDay(ms) { return vietnam(ms).toISOString().slice(0, 10); }
  // The same rule as WorkingDayCalendar.deadline at the counter: on a day off or after the cut-off hour the dossier
  // counts from the next working day; the result is due at 17:00 of the n-th working day after it.
  function appointedText(ms, workingDays, cutOffHour) {
    if (!calendar) return null;
    var days = calendar.workingDays, day = isoDay(ms), d = vietnam(ms);
    var seconds = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
    var start = days.indexOf(day);
    if (start < 0 || seconds > cutOffHour * 3600) {
      start = -1;
      for (var i = 0; i < days.length; i++) { if (days[i] > day) { start = i; break; } }
    }
    if (start < 0 || start + workingDays >= days.length) return null;
    var due = days[start + workingDays].split("-");
    return pad(calendar.closingHour) + ":00 ngày " + due[2] + "/" + due[1] + "/" + due[0];
  }
  // The server's clock, measured whenever the calendar comes fresh from the server, corrects the computer's clock.
  var skewKey = "motcua-lech-dong-ho-" + officer;
  var skew = Number(localStorage.getItem(skewKey) || "0");
  function now() { return Date.now() + skew; }
  function loadCalendar() {
    return fetch(root.dataset.calendar, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) throw new Error("lịch");
      var fresh = response.headers.get("X-MotCua-Copy") !== "offline";
      return response.json().then(function (body) {
        calendar = body;
        if (fresh && typeof body.nowMilliseconds === "number") {
          skew = body.nowMilliseconds - Date.now();
          localStorage.setItem(skewKey, String(skew));
        }
      });
    }).catch(function () {});
  }

  // -- the page -----------------------------------------------------------------------------------------------------
  function cell(row, text) { var td = document.createElement("td"); td.textContent = text; row.appendChild(td); return td; }
  function render() {
    return queued().then(function (items) {
      var waiting = items.filter(function (item) { return item.status === "waiting"; }).length;
      waitingCount.textContent = String(waiting);
      banner.hidden = navigator.onLine && !serverUnreachable;
      if (!navigator.onLine) {
        banner.textContent = "Mất kết nối mạng: hồ sơ tiếp nhận được lưu trên máy này với số tạm và sẽ được gửi khi có mạng lại.";
      } else if (serverUnreachable) {
        banner.textContent = "Không kết nối được máy chủ: hồ sơ đang chờ sẽ được gửi lại tự động.";
      }
      rows.textContent = "";
      sent.forEach(function (item) {
        var row = document.createElement("tr");
        row.className = "outcome-sent";
        cell(row, item.provisional); cell(row, item.applicantName); cell(row, localText(item.takenAt));
        var result = cell(row, "Đã gửi: mã hồ sơ " + item.code + " · ");
        var link = document.createElement("a");
        link.href = item.receiptPath; link.textContent = "In giấy tiếp nhận chính thức";
        result.appendChild(link);
        rows.appendChild(row);
      });
      items.forEach(function (item) {
        var row = document.createElement("tr");
        row.className = item.status === "failed" ? "outcome-failed" : "outcome-waiting";
        cell(row, item.provisional); cell(row, item.applicantName); cell(row, localText(item.takenAt));
        if (item.status === "failed") {
          var result = cell(row, "Bị từ chối, cần xử lý: " + item.error + " ");
          var button = document.createElement("button");
          button.type = "button"; button.textContent = "Đã xử lý, xóa khỏi hàng đợi";
          button.addEventListener("click", function () {
            if (window.confirm("Xóa hồ sơ " + item.provisional + " khỏi máy này? Chỉ xóa khi đã tiếp nhận lại hoặc đã báo cho người nộp.")) {
              remove(item.key).then(render);
            }
          });
          result.appendChild(button);
        } else {
          cell(row, "Chờ gửi");
        }
        rows.appendChild(row);
      });
    });
  }
  function showProcedureDocuments() {
    document.querySelectorAll(".offline-documents").forEach(function (group) {
      group.hidden = group.dataset.procedure !== select.value;
    });
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  // "TẠM 02/03-01": the day and a counter of this officer's offline dossiers that day; a dossier code never looks so.
  function provisionalNumber(ms, items) {
    var d = vietnam(ms), prefix = "TẠM " + pad(d.getUTCDate()) + "/" + pad(d.getUTCMonth() + 1) + "-";
    var counterKey = "motcua-so-tam-" + officer + "-" + isoDay(ms);
    var n = Math.max(Number(localStorage.getItem(counterKey) || "0"), items.length) + 1;
    localStorage.setItem(counterKey, String(n));
    return prefix + pad(n);
  }
  function value(name) {
    var field = form.elements.namedItem(name);
    var text = field && field.value ? field.value.trim() : "";
    return text === "" ? undefined : text;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var option = select.selectedOptions[0];
    var problems = [];
    if (!select.value) problems.push("Hãy chọn thủ tục.");
    if (!value("fullName")) problems.push("Hãy nhập họ và tên người nộp.");
    errorBox.hidden = problems.length === 0;
    errorBox.textContent = problems.join(" ");
    if (problems.length) return;
    var group = document.querySelector('.offline-documents[data-procedure="' + select.value + '"]');
    var documents = Array.prototype.map.call(group.querySelectorAll("input:checked"), function (box) { return box.value; });
    var takenAt = now();
    var kind = form.querySelector('input[name="applicantKind"]:checked');
    var intake = {
      procedureCode: select.value, channel: "counter", documents: documents, copies: Number(value("copies") || "1"), pages: 1,
      receivedOfflineAt: new Date(takenAt).toISOString(),
      applicant: { kind: kind ? kind.value : "person", fullName: value("fullName"), idNumber: value("idNumber"), phone: value("phone"), email: value("email"), address: value("address") }
    };
    queued().then(function (items) {
      var item = {
        key: newKey(), seq: items.reduce(function (max, i) { return Math.max(max, i.seq); }, 0) + 1, status: "waiting",
        provisional: provisionalNumber(takenAt, items), takenAt: takenAt, applicantName: intake.applicant.fullName,
        procedureName: option.textContent, intake: intake
      };
      return save(item).then(function () { return item; });
    }).then(function (item) {
      var due = appointedText(takenAt, Number(option.dataset.days), Number(option.dataset.cutoff));
      document.getElementById("bien-nhan-so-tam").textContent = item.provisional;
      document.getElementById("bien-nhan-thu-tuc").textContent = item.procedureName;
      document.getElementById("bien-nhan-nguoi-nop").textContent = item.applicantName;
      document.getElementById("bien-nhan-luc").textContent = localText(takenAt);
      document.getElementById("bien-nhan-hen").textContent = due || "ghi trên giấy tiếp nhận chính thức";
      document.getElementById("bien-nhan-tam").hidden = false;
      form.reset();
      showProcedureDocuments();
      return render();
    }).then(function () { if (navigator.onLine) sync(); });
  });

  // -- sending, in order --------------------------------------------------------------------------------------------
  function scheduleRetry() {
    serverUnreachable = true;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(sync, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60000);
  }
  // A fresh CSRF token from the live page (the cached copy's may be stale); also checks who is signed in now.
  function freshToken() {
    return fetch(location.pathname, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (response.redirected || !response.ok) throw { signedOut: true };
      return response.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html").getElementById("quay-ngoai-tuyen");
      if (!page || page.dataset.officer !== officer) throw { signedOut: true };
      csrf = page.dataset.csrf;
      return csrf;
    });
  }
  function sendOne(item, token) {
    return fetch(root.dataset.send, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": token, "Idempotency-Key": item.key },
      body: JSON.stringify({ officerID: officer, intake: item.intake })
    }).then(function (response) {
      if (response.status === 201) {
        return response.json().then(function (body) {
          sent.push({ provisional: item.provisional, applicantName: item.applicantName, takenAt: item.takenAt, code: body.code, receiptPath: body.receiptPath });
          return remove(item.key).then(function () { return "sent"; });
        });
      }
      if (response.redirected || response.status === 401) throw { signedOut: true };
      if (response.status >= 500 || response.status === 429 || response.status === 408) throw { network: true };
      return response.json().then(function (body) { return body.error.message; }, function () { return "Máy chủ từ chối (mã " + response.status + ")."; })
        .then(function (message) {
          item.status = "failed";
          item.error = message;
          return save(item).then(function () { return "failed"; });
        });
    }, function () { throw { network: true }; });
  }
  function sync() {
    if (syncing) return Promise.resolve();
    syncing = true;
    clearTimeout(retryTimer);
    return queued().then(function (items) {
      var waiting = items.filter(function (item) { return item.status === "waiting"; });
      if (!waiting.length) return;
      return freshToken().then(function (token) {
        return waiting.reduce(function (previous, item) {
          return previous.then(function () { return sendOne(item, token).then(render); });
        }, Promise.resolve());
      });
    }).then(function () {
      serverUnreachable = false;
      retryDelay = 2000;
    }, function (problem) {
      if (problem && problem.signedOut) {
        readiness.textContent = "Phiên đăng nhập đã hết hoặc đã đổi tài khoản: đăng nhập lại bằng tài khoản đã tiếp nhận để gửi các hồ sơ đang chờ.";
      } else {
        scheduleRetry();
      }
    }).then(function () { syncing = false; return render(); });
  }

  select.addEventListener("change", showProcedureDocuments);
  document.getElementById("gui-ngay").addEventListener("click", function () { retryDelay = 2000; sync(); });
  document.getElementById("in-bien-nhan").addEventListener("click", function () { window.print(); });
  window.addEventListener("online", function () { serverUnreachable = false; retryDelay = 2000; sync(); });
  window.addEventListener("offline", render);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.dataset.worker, { scope: location.pathname }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function () {
      readiness.textContent = "Sẵn sàng dùng khi mất mạng: trang, danh mục thủ tục và lịch làm việc đã được lưu trên máy này.";
      root.dataset.ready = "true";
    }, function () {
      readiness.textContent = "Trình duyệt không lưu được trang để dùng ngoại tuyến.";
    });
  }
  showProcedureDocuments();
  loadCalendar().then(render).then(function () { if (navigator.onLine) sync(); });
})();
