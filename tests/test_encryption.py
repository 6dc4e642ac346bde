"""Secrets are stored encrypted and survive a key rotation."""

import pytest
from cryptography.fernet import Fernet

from exactbridge.encryption import SecretUnreadable, decrypt, encrypt


def test_round_trip_and_ciphertext_hides_the_secret():
    token = encrypt("refresh-token-123")
    assert "refresh-token-123" not in token
    assert decrypt(token) == "refresh-token-123"


def test_old_values_read_after_a_new_key_is_put_in_front(settings):
    old_key = settings.ENCRYPTION_KEYS[0]
    token = encrypt("client-secret")

    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]

    assert decrypt(token) == "client-secret"


def test_a_lost_key_is_a_clear_error(settings):
    token = encrypt("client-secret")
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(SecretUnreadable, match="ENCRYPTION_KEY"):
        decrypt(token)
