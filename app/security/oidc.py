"""Sign-in with OpenID Connect: authorization code flow with PKCE, via Authlib.

The organisation's identity provider does the authentication (and so the MFA that
BIO2 5.17.01 asks for); dealnet only receives a signed ID token. Authlib fetches the
provider's discovery document and keys, keeps ``state``, ``nonce`` and the PKCE
``code_verifier`` in the (signed) session cookie, and checks the ID token's
signature, issuer, audience, expiry and nonce. The role comes from one claim mapped
through :attr:`app.security.config.OidcConfig.role_map`.

Routes: ``/oidc/login`` (redirects to the provider) and ``/oidc/callback`` (register this
one at the provider as the redirect URI).
"""

from __future__ import annotations

import logging
from typing import Any

import flask
from authlib.integrations.flask_client import OAuth
from werkzeug.wrappers import Response

from app.security.audit import audit
from app.security.config import OidcConfig
from app.security.pages import page_lang
from app.security.state import SecurityState, login_response, safe_next, start_session

__all__ = ["register_oidc"]

_log = logging.getLogger(__name__)
_NAME = "dealnet_idp"
_NEXT_KEY = "oidc_next"


def register_oidc(server: flask.Flask, state: SecurityState, oidc: OidcConfig) -> Any:
    """Add the two OIDC routes to ``server``; returns the Authlib client."""
    oauth = OAuth(server)
    client_kwargs: dict[str, str] = {"scope": oidc.scope, "code_challenge_method": "S256"}
    if not oidc.client_secret:
        client_kwargs["token_endpoint_auth_method"] = "none"
    client = oauth.register(
        _NAME,
        client_id=oidc.client_id,
        client_secret=oidc.client_secret,
        server_metadata_url=oidc.metadata_url,
        client_kwargs=client_kwargs,
    )

    def redirect_uri() -> str:
        return oidc.redirect_uri or flask.url_for("dealnet_oidc_callback", _external=True)

    def oidc_login() -> Response:
        flask.session[_NEXT_KEY] = safe_next(flask.request.args.get("next"), state)
        return client.authorize_redirect(redirect_uri())  # type: ignore[no-any-return]

    def oidc_callback() -> Response:
        lang = page_lang()
        if flask.request.method == "HEAD":
            # A link checker's HEAD must not spend the one-time code of the user's GET.
            return login_response(state, lang, 200)
        try:
            token = client.authorize_access_token()
            claims = token.get("userinfo") or client.parse_id_token(token, nonce=None)
        except Exception as exc:
            # Log the kind of failure only: the exception text may quote the token.
            _log.warning("OIDC sign-in failed: %s", type(exc).__name__)
            audit("sign-in", "oidc", f"failure ({type(exc).__name__})", actor=None)
            return login_response(state, lang, 401, message="oidc_failed")
        username = oidc.username_for(claims)
        if username is None:
            audit("sign-in", "oidc", "failure (no user name in the ID token)", actor=None)
            return login_response(state, lang, 401, message="oidc_failed")
        role = oidc.role_for(claims)
        next_path = flask.session.get(_NEXT_KEY) or state.url("")
        start_session(state, username, role, "oidc")
        flask.g.dealnet_user = username
        audit("sign-in", "oidc", f"success (role {role.value})", actor=username)
        return flask.redirect(safe_next(next_path, state))

    prefix = state.routes_prefix
    server.add_url_rule(prefix + "oidc/login", "dealnet_oidc_login", oidc_login)
    server.add_url_rule(prefix + "oidc/callback", "dealnet_oidc_callback", oidc_callback)
    return client
