"""A stand-in for the council's OpenID Connect provider, run in the test process.

A threaded http.server on 127.0.0.1 with the endpoints single sign-on uses: discovery, the
authorization redirect, the token endpoint (an RS256-signed id token from a key made here),
userinfo and the JWKS. Nothing goes to the internet.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Person:
    """Who the provider signs in next, and what it says about them."""

    email: str
    amr: list[str] = field(default_factory=lambda: ["pwd", "mfa"])
    email_verified: bool | None = True


class Provider:
    client_id = "sendpath-test-client"
    client_secret = "stand-in-secret"
    kid = "stand-in-key-1"

    def __init__(self) -> None:
        self.key = new_key()  # published in the JWKS
        self.signing_key = self.key  # what id tokens are signed with (a test may swap it)
        self.audience = self.client_id
        self.person: Person | None = None
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, Person] = {}
        self.requests: list[str] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                provider.handle(self, "GET")

            def do_POST(self) -> None:
                provider.handle(self, "POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> Provider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def settings(self, *, discovery: bool = False, **extra: Any) -> dict[str, Any]:
        """The settings a council would set for this provider."""
        values: dict[str, Any] = {
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_DISCOVERY_URL": "",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/jwks",
            "OIDC_OP_ISSUER": self.issuer,
        }
        if discovery:
            values.update(
                {
                    "OIDC_OP_DISCOVERY_URL": f"{self.issuer}/.well-known/openid-configuration",
                    "OIDC_OP_AUTHORIZATION_ENDPOINT": "",
                    "OIDC_OP_TOKEN_ENDPOINT": "",
                    "OIDC_OP_USER_ENDPOINT": "",
                    "OIDC_OP_JWKS_ENDPOINT": "",
                    "OIDC_OP_ISSUER": "",
                }
            )
        values.update(extra)
        return values

    # The endpoints

    def handle(self, http: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(http.path)
        self.requests.append(f"{method} {url.path}")
        if method == "GET" and url.path == "/.well-known/openid-configuration":
            return self.json(http, self.discovery())
        if method == "GET" and url.path == "/authorize":
            return self.authorize(http, {k: v[0] for k, v in parse_qs(url.query).items()})
        if method == "POST" and url.path == "/token":
            length = int(http.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(http.rfile.read(length).decode()).items()}
            return self.token(http, form)
        if method == "GET" and url.path == "/userinfo":
            return self.userinfo(http)
        if method == "GET" and url.path == "/jwks":
            jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
            jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
            return self.json(http, {"keys": [jwk]})
        return self.json(http, {"error": "not_found"}, 404)

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def authorize(self, http: BaseHTTPRequestHandler, query: dict[str, str]) -> None:
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return self.json(http, {"error": "invalid_request"}, 400)
        redirect_uri = query["redirect_uri"]
        if self.person is None:
            answer = {"error": "access_denied", "state": query.get("state", "")}
        else:
            code = secrets.token_urlsafe(16)
            self.codes[code] = {
                "person": self.person,
                "nonce": query.get("nonce"),
                "redirect_uri": redirect_uri,
                "challenge": query.get("code_challenge"),
            }
            answer = {"code": code, "state": query["state"]}
        http.send_response(302)
        http.send_header("Location", f"{redirect_uri}?{urlencode(answer)}")
        http.end_headers()

    def token(self, http: BaseHTTPRequestHandler, form: dict[str, str]) -> None:
        grant = self.codes.pop(form.get("code", ""), None)
        if (
            grant is None
            or form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return self.json(http, {"error": "invalid_grant"}, 400)
        if grant["challenge"]:
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
                return self.json(http, {"error": "invalid_grant"}, 400)
        person: Person = grant["person"]
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": hashlib.sha256(person.email.encode()).hexdigest()[:20],
            "aud": self.audience,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            "amr": person.amr,
        }
        id_token = jwt.encode(
            claims, self.signing_key, algorithm="RS256", headers={"kid": self.kid}
        )
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = person
        return self.json(
            http,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            },
        )

    def userinfo(self, http: BaseHTTPRequestHandler) -> None:
        token = (http.headers.get("Authorization") or "").removeprefix("Bearer ")
        person = self.tokens.get(token)
        if person is None:
            return self.json(http, {"error": "invalid_token"}, 401)
        info: dict[str, Any] = {"sub": "x", "email": person.email}
        if person.email_verified is not None:
            info["email_verified"] = person.email_verified
        return self.json(http, info)

    @staticmethod
    def json(http: BaseHTTPRequestHandler, body: Any, status: int = 200) -> None:
        data = json.dumps(body).encode()
        http.send_response(status)
        http.send_header("Content-Type", "application/json")
        http.send_header("Content-Length", str(len(data)))
        http.end_headers()
        http.wfile.write(data)
