"""``scout keys create|list|revoke``: the operator's way to hand out and withdraw keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from scout.cli import main
from search_api.accounts import Accounts


def test_create_list_revoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path)]
    assert main(["keys", "create", "--tenant", "demo", "--scope", "write", "--name", "page",
                 "--url", "http://127.0.0.1:8000/", *data]) == 0
    out = capsys.readouterr().out.split()
    key, url = out
    assert key.startswith("scout_") and url == f"http://127.0.0.1:8000/#key={key}"
    accounts = Accounts(tmp_path / "tenants.db")
    try:
        assert accounts.keys.authenticate(key).scope == "write"
    finally:
        accounts.close()
    key_id = key.split("_")[1]
    assert main(["keys", "list", "--format", "json", *data]) == 0
    listed = capsys.readouterr().out
    assert key_id in listed and key.split("_", 2)[2] not in listed
    # --replace withdraws the previous key of that name: `make demo` can run again and again.
    assert main(["keys", "create", "--tenant", "demo", "--name", "page", "--replace", *data]) == 0
    assert f"revoked {key_id}" in capsys.readouterr().err
    assert main(["keys", "list", "--all", *data]) == 0
    assert key_id in capsys.readouterr().out
    assert main(["keys", "revoke", "000000000000", *data]) == 1
    assert "no API key" in capsys.readouterr().err
    assert main(["keys", "create", "--tenant", "Bad Tenant!", *data]) == 1
    assert main(["keys", "create", "--tenant", "t", "--rate-limit", "lots", *data]) == 1
