// Fills the report form's coordinates from the phone's location, only when the citizen presses the button.
(function () {
  var button = document.getElementById("use-location");
  if (!button || !("geolocation" in navigator)) return;
  var status = document.getElementById("location-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "Đang lấy vị trí…";
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById("lat").value = position.coords.latitude.toFixed(6);
      document.getElementById("long").value = position.coords.longitude.toFixed(6);
      status.textContent = "Đã lấy vị trí (sai số khoảng " + Math.round(position.coords.accuracy) + " m).";
    }, function () {
      status.textContent = "Không lấy được vị trí. Hãy ghi địa chỉ ở trên.";
    }, { enableHighAccuracy: true, timeout: 15000 });
  });
})();
