"""A local stand-in for VNPay's payment gateway (API version 2.1.0), for development and tests only.

Protocol source: VNPay's merchant integration guide "Tài liệu kỹ thuật tích hợp cổng thanh toán VNPAY", version 2.1.0
(https://sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html) and its PHP sample code:
- the merchant sends the buyer to the payment page with vnp_* parameters and vnp_SecureHash;
- the signature is HMAC-SHA512, under the merchant's hash secret, of the vnp_* parameters (vnp_SecureHash and
  vnp_SecureHashType left out) sorted by name, each name and value encoded as PHP's urlencode, joined with '&';
- once the buyer pays or cancels, the gateway calls the merchant's IPN address (GET, same parameters, signed) and
  expects JSON {"RspCode", "Message"}, then redirects the browser to vnp_ReturnUrl with the same parameters.

This implementation is independent of MotCua's Swift one (Python's urllib and hmac), so the Swift test of the signature
compares two implementations. Run: python3 stand-ins/fake_vnpay.py --port 9500 --ipn http://127.0.0.1:8080/thanh-toan/vnpay/ipn

The payment page offers: pay, cancel, and for tests: pay with a wrong amount, pay with a wrong signature, and replay the
last notice. GET /notices lists every notice sent and the merchant's answer (JSON).
"""
import argparse
import datetime
import hashlib
import hmac
import html
import json
import random
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEMO_TMN_CODE = "MOTCUADEMO"
DEMO_HASH_SECRET = "MOTCUA-DEMO-SECRET-NOT-FOR-PRODUCTION"
VIETNAM = datetime.timezone(datetime.timedelta(hours=7))


def php_urlencode(text: str) -> str:
    """PHP's urlencode: quote_plus, plus '~' encoded (PHP encodes it, Python's quote keeps it)."""
    return urllib.parse.quote_plus(text, safe="").replace("~", "%7E")


def canonical_query(params: dict) -> str:
    return "&".join(f"{php_urlencode(k)}={php_urlencode(v)}" for k, v in sorted(params.items(), key=lambda kv: kv[0].encode()))


def sign(params: dict, secret: str) -> str:
    fields = {k: v for k, v in params.items() if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType")}
    return hmac.new(secret.encode(), canonical_query(fields).encode(), hashlib.sha512).hexdigest()


class Gateway:
    def __init__(self, tmn_code: str, secret: str, ipn_url: str):
        self.tmn_code, self.secret, self.ipn_url = tmn_code, secret, ipn_url
        self.notices = []  # (params, answer)
        self.lock = threading.Lock()

    def notice(self, request: dict, outcome: str) -> dict:
        """The signed notice for a request: outcome is pay, cancel, wrong-amount or wrong-signature."""
        now = datetime.datetime.now(VIETNAM).strftime("%Y%m%d%H%M%S")
        amount = int(request["vnp_Amount"])
        params = {
            "vnp_TmnCode": request["vnp_TmnCode"],
            "vnp_Amount": str(amount + 100_000 if outcome == "wrong-amount" else amount),
            "vnp_BankCode": "NCB",
            "vnp_BankTranNo": f"VNP{random.randint(10**7, 10**8 - 1)}",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": request.get("vnp_OrderInfo", ""),
            "vnp_PayDate": now,
            "vnp_ResponseCode": "24" if outcome == "cancel" else "00",
            "vnp_TransactionNo": str(random.randint(10**7, 10**8 - 1)),
            "vnp_TransactionStatus": "02" if outcome == "cancel" else "00",
            "vnp_TxnRef": request["vnp_TxnRef"],
            "vnp_SecureHashType": "HmacSHA512",
        }
        params["vnp_SecureHash"] = sign(params, self.secret)
        if outcome == "wrong-signature":
            params["vnp_SecureHash"] = sign(params, self.secret + "x")
        return params

    def call_ipn(self, params: dict) -> dict:
        url = self.ipn_url + "?" + urllib.parse.urlencode(params)
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                answer = json.loads(response.read().decode())
        except Exception as error:  # the merchant's failure is recorded, as VNPay records it
            answer = {"RspCode": "--", "Message": str(error)}
        with self.lock:
            self.notices.append({"params": params, "answer": answer})
        return answer


def make_handler(gateway: Gateway):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send(self, status, body, content_type="text/html; charset=utf-8", location=None):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            if location:
                self.send_header("Location", location)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
            if url.path == "/notices":
                with gateway.lock:
                    return self.send(200, json.dumps(gateway.notices), "application/json")
            if url.path == "/replay":
                with gateway.lock:
                    last = gateway.notices[-1]["params"] if gateway.notices else None
                if last is None:
                    return self.send(404, "no notice yet", "text/plain")
                return self.send(200, json.dumps(gateway.call_ipn(last)), "application/json")
            if url.path != "/paymentv2/vpcpay.html":
                return self.send(404, "not found", "text/plain")
            given = query.get("vnp_SecureHash", "")
            if not hmac.compare_digest(given.lower(), sign(query, gateway.secret)) or query.get("vnp_TmnCode") != gateway.tmn_code:
                return self.send(400, "<h1>Sai chữ ký (code 97)</h1>")
            amount = int(query["vnp_Amount"]) // 100
            signed = urllib.parse.urlencode(query)
            buttons = "".join(
                f'<form method="post" action="/pay?{html.escape(signed)}"><input type="hidden" name="outcome" value="{o}">'
                f'<button type="submit" id="{o}">{label}</button></form>'
                for o, label in [("pay", "Thanh toán"), ("cancel", "Hủy giao dịch"), ("wrong-amount", "Thử: sai số tiền"), ("wrong-signature", "Thử: sai chữ ký")]
            )
            self.send(200, f"""<!doctype html><html lang="vi"><meta charset="utf-8"><title>Cổng thanh toán (giả lập VNPay)</title>
<h1>Cổng thanh toán giả lập VNPay</h1><p>Đơn hàng <b id="txn">{html.escape(query["vnp_TxnRef"])}</b>:
<b id="amount">{amount:,}</b> đồng</p><p>{html.escape(query.get("vnp_OrderInfo", ""))}</p>{buttons}</html>""".replace(",", "."))

        def do_POST(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path != "/pay":
                return self.send(404, "not found", "text/plain")
            request = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            if not hmac.compare_digest(request.get("vnp_SecureHash", "").lower(), sign(request, gateway.secret)):
                return self.send(400, "<h1>Sai chữ ký (code 97)</h1>")
            params = gateway.notice(request, form.get("outcome", "pay"))
            gateway.call_ipn(params)
            self.send(302, "", location=request["vnp_ReturnUrl"] + "?" + urllib.parse.urlencode(params))

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=9500)
    parser.add_argument("--ipn", default="http://127.0.0.1:8080/thanh-toan/vnpay/ipn")
    parser.add_argument("--tmn-code", default=DEMO_TMN_CODE)
    parser.add_argument("--secret", default=DEMO_HASH_SECRET)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(Gateway(args.tmn_code, args.secret, args.ipn)))
    print(f"fake VNPay on http://127.0.0.1:{args.port}/paymentv2/vpcpay.html, IPN to {args.ipn}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
