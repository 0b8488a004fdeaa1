"""Docs/openapi.yaml is a valid OpenAPI 3.1 document and covers every non-standard endpoint we serve."""
import os

import yaml
from openapi_spec_validator import validate

from conftest import ROOT


def test_openapi_document_is_valid_and_complete():
    with open(os.path.join(ROOT, "Docs", "openapi.yaml")) as f:
        document = yaml.safe_load(f)
    validate(document)
    assert document["openapi"].startswith("3.1")
    for path in ("/interaction/{uid}", "/interaction/{uid}/otp/send", "/interaction/{uid}/otp/verify",
                 "/channels/miniprogram/authorize", "/channels/app/wechat/authorize", "/account/identities",
                 "/account/identities/phone", "/account/logout-all"):
        assert path in document["paths"], path
