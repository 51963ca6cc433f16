"""Issue #20: independent validators agree with MotCua on the test fixtures (no server needed).

pyHanko's validator and Poppler's pdfsig read the same PDFs that the Swift tests check
(Tests/MotCuaCoreTests/Signing): the genuine result is intact and trusted under the TEST root, and the tampered,
revoked and foreign-root ones are not.
"""
import subprocess
from concurrent.futures import ThreadPoolExecutor

from asn1crypto import crl as asn1_crl, pem
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko.keys import load_certs_from_pemder

from conftest import ROOT

BUNDLED = ROOT / "Sources" / "MotCuaCore" / "Resources" / "signing-test"
REFUSED = ROOT / "Tests" / "MotCuaCoreTests" / "Fixtures" / "Signing"


def context():
    root = list(load_certs_from_pemder([str(BUNDLED / "test-root.pem")]))
    crls = [asn1_crl.CertificateList.load(der) for _, _, der in pem.unarmor((BUNDLED / "test-crl.pem").read_bytes(), multiple=True)]
    return ValidationContext(trust_roots=root, crls=crls, allow_fetching=False, revocation_mode="hard-fail")


def status(path):
    # pyHanko's validator calls asyncio.run, which refuses to run where Playwright's sync API (the browser tests of the
    # same session) keeps an event loop: a thread of its own has none.
    def validate():
        with open(path, "rb") as handle:
            signature = PdfFileReader(handle).embedded_signatures[0]
            return validate_pdf_signature(signature, context())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(validate).result()


def test_pyhanko_agrees_with_motcua_on_the_fixtures():
    genuine = status(BUNDLED / "demo-result.pdf")
    assert genuine.intact and genuine.valid and genuine.trusted
    assert genuine.coverage.name == "ENTIRE_FILE"
    revoked = status(REFUSED / "revoked-signer.pdf")
    assert revoked.intact and not revoked.trusted
    foreign = status(REFUSED / "other-root.pdf")
    assert foreign.intact and not foreign.trusted
    appended = status(REFUSED / "appended-update.pdf")
    assert appended.coverage.name != "ENTIRE_FILE"


def test_pdfsig_reports_the_genuine_signature_valid_and_a_tampered_copy_not(tmp_path):
    result = subprocess.run(["pdfsig", str(BUNDLED / "demo-result.pdf")], capture_output=True, text=True, timeout=60)
    assert "Signature is Valid." in result.stdout
    assert "Total document signed" in result.stdout
    tampered = bytearray((BUNDLED / "demo-result.pdf").read_bytes())
    tampered[tampered.index(b"KET QUA")] = ord("X")
    forged = tmp_path / "sua.pdf"
    forged.write_bytes(bytes(tampered))
    result = subprocess.run(["pdfsig", str(forged)], capture_output=True, text=True, timeout=60)
    assert "Signature is Valid." not in result.stdout
