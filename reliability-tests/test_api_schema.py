"""Schema fuzzing: schemathesis generates requests from the API's own OpenAPI document (valid and invalid ones) and
checks every answer: never a 500, and every status, content type, header and body as the document describes.

Short form: 12 examples per operation. Full form (MOTCUA_RELIABILITY_FULL=1): 300 per operation, with the stateful phase.
"""
import shutil
import subprocess
import tempfile
from pathlib import Path

from support import FULL, ROOT, Server, base_environment, token_for

SCHEMATHESIS = Path(ROOT / ".venv" / "bin" / "schemathesis")
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance"


def test_api_answers_as_its_openapi_document_says(tmp_path):
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-schema-"))
    server = Server(data_dir, base_environment(data_dir))
    try:
        server.start()
        # The counter officer of Phụng Công: every operation of the document is open to them.
        token = token_for(server.base_url, "tiepnhan")
        # One worker: CPython 3.11 (Debian's 3.11.7) keeps the AST converter's recursion depth in shared state,
        # and two threads parsing at once (Hypothesis reads its lambdas' source) fail at random with
        # "SystemError: AST constructor recursion depth mismatch" (CPython issue gh-106905, fixed in later releases).
        command = [
            str(SCHEMATHESIS), "run", f"{server.base_url}/api/v1/openapi.json",
            "--checks", CHECKS, "--header", f"Authorization: Bearer {token}",
            "--max-examples", "300" if FULL else "12", "--phases", "examples,coverage,fuzzing,stateful" if FULL else "examples,coverage,fuzzing",
            "--seed", "12", "--workers", "1", "--request-timeout", "60", "--generation-database", "none",
            "--suppress-health-check", "too_slow,filter_too_much", "--no-color",
            "--report", "junit", "--report-dir", str(tmp_path),
        ]
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=3600)
        output = result.stdout + result.stderr
        print(output[-4000:])
        assert result.returncode == 0, output[-12000:] + "\n--- server log ---\n" + server.log_tail(40)
        server.stop()
        assert "Fatal error" not in server.log_tail(400) and "critical" not in server.log_tail(400).lower(), server.log_tail(80)
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
