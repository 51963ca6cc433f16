"""TEST ONLY: builds MotCua's test PKI with certomancer and signs test PDFs with pyHanko.

Nothing made here may be trusted outside tests and the demo: the private keys are in the repository.
"""
import datetime
import pathlib
import sys
from io import BytesIO

from asn1crypto import crl as asn1_crl, pem
from certomancer.registry import ArchLabel, CertLabel, CertomancerConfig, KeyLabel, ServiceLabel
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
BUNDLED = REPO / "Sources/MotCuaCore/Resources/signing-test"
REFUSED = REPO / "Tests/MotCuaCoreTests/Fixtures/Signing"
# The signature's validation moment and the CRL's issue time. pyHanko writes the current time as the signing time:
# the committed fixtures keep the time they were made, so the tests do not depend on the day they run.
SIGNING_TIME = datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.timezone.utc)
CRL_TIME = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)


def ensure_keys():
    (HERE / "keys").mkdir(exist_ok=True)
    for name in ["root", "interm", "leader", "organisation", "revoked", "expired", "otherroot", "stranger"]:
        path = HERE / "keys" / f"{name}.key.pem"
        if not path.exists():
            key = ec.generate_private_key(ec.SECP256R1())
            path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))


def base_pdf(title: str) -> bytes:
    """A one-page PDF with a short text, written by hand with a correct cross-reference table."""
    text = f"BT /F1 14 Tf 60 780 Td ({title}) Tj 0 -24 Td (TEST ONLY - khong co gia tri phap ly) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def main():
    ensure_keys()
    BUNDLED.mkdir(parents=True, exist_ok=True)
    REFUSED.mkdir(parents=True, exist_ok=True)
    config = CertomancerConfig.from_file(HERE / "pki.yml", key_search_dir=HERE)
    arch = config.get_pki_arch(ArchLabel("motcua-test"))
    cert = lambda label: arch.get_cert(CertLabel(label))
    key = lambda label: arch.key_set.get_private_key(KeyLabel(label))
    interm_crl = arch.service_registry.get_crl(ServiceLabel("interm"), at_time=CRL_TIME)
    root_crl = arch.service_registry.get_crl(ServiceLabel("root"), at_time=CRL_TIME)

    def pem_cert(label):
        return pem.armor("CERTIFICATE", cert(label).dump())

    (BUNDLED / "test-root.pem").write_bytes(pem_cert("root"))
    (BUNDLED / "test-crl.pem").write_bytes(pem.armor("X509 CRL", interm_crl.dump()) + pem.armor("X509 CRL", root_crl.dump()))
    (REFUSED / "other-root.pem").write_bytes(pem_cert("otherroot"))

    def sign(label, subfilter, title, chain=("interm", "root"), embed_crl=False):
        signer = signers.SimpleSigner(
            signing_cert=cert(label), signing_key=key(label),
            cert_registry=SimpleCertificateStore.from_certs([cert(c) for c in chain]))
        context = None
        if embed_crl:
            context = ValidationContext(trust_roots=[cert("root")], crls=[interm_crl, root_crl],
                                        allow_fetching=False, moment=SIGNING_TIME)
        meta = signers.PdfSignatureMetadata(
            field_name="Signature1", subfilter=subfilter, md_algorithm="sha256",
            embed_validation_info=embed_crl, validation_context=context, name=None)
        writer = IncrementalPdfFileWriter(BytesIO(base_pdf(title)))
        pdf_signer = signers.PdfSigner(meta, signer=signer)
        out = BytesIO()
        pdf_signer.sign_pdf(writer, output=out)
        return out.getvalue()

    pades = fields.SigSeedSubFilter.PADES
    pkcs7 = fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED
    genuine = sign("leader", pades, "KET QUA 000.00.19.H40-261120-0001 (TEST)")
    (BUNDLED / "demo-result.pdf").write_bytes(genuine)
    (REFUSED / "genuine-pkcs7-embedded-crl.pdf").write_bytes(
        sign("leader", pkcs7, "KET QUA PKCS7 (TEST)", embed_crl=True))
    (REFUSED / "revoked-signer.pdf").write_bytes(sign("revoked", pades, "KET QUA REVOKED (TEST)"))
    (REFUSED / "expired-signer.pdf").write_bytes(sign("expired", pades, "KET QUA EXPIRED (TEST)"))
    (REFUSED / "other-root.pdf").write_bytes(sign("stranger", pades, "KET QUA STRANGER (TEST)", chain=("otherroot",)))
    # An incremental update after signing that replaces the page's text: the signature no longer covers the end.
    forged_text = b"BT /F1 14 Tf 60 780 Td (KET QUA DA BI SUA) Tj ET"
    prev = int(genuine.rsplit(b"startxref", 1)[1].split()[0])
    update = BytesIO()
    update.write(genuine)
    offset = update.tell()
    update.write(b"4 0 obj\n<< /Length %d >>\nstream\n" % len(forged_text) + forged_text + b"\nendstream\nendobj\n")
    xref = update.tell()
    size = int(genuine.rsplit(b"/Size", 1)[1].split()[0].strip(b"/>"))
    update.write(b"xref\n4 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
                 % (offset, size, prev, xref))
    (REFUSED / "appended-update.pdf").write_bytes(update.getvalue())
    print("written:", *sorted(p.name for p in BUNDLED.iterdir()), *sorted(p.name for p in REFUSED.iterdir()))


if __name__ == "__main__":
    sys.exit(main())
