"""Keyed hashes for codes and device tokens, compared in constant time."""

import hmac
from unittest import mock

from zgoda.lib import crypto


def test_right_value_matches_its_hash():
    stored = crypto.keyed_hash("otp", "482913")
    assert crypto.matches("otp", "482913", stored)


def test_wrong_value_is_rejected():
    stored = crypto.keyed_hash("otp", "482913")
    assert not crypto.matches("otp", "482914", stored)


def test_wrong_or_empty_hash_is_rejected():
    assert not crypto.matches("otp", "482913", crypto.keyed_hash("otp", "000000"))
    assert not crypto.matches("otp", "482913", "")
    assert not crypto.matches("otp", "482913", None)


def test_hash_of_one_purpose_does_not_match_another():
    assert not crypto.matches("device", "482913", crypto.keyed_hash("otp", "482913"))


def test_hash_is_hmac_sha256_hex_and_never_the_value():
    stored = crypto.keyed_hash("otp", "482913")
    assert len(stored) == 64 and int(stored, 16) >= 0
    assert "482913" not in stored


def test_hash_depends_on_the_secret_key(settings):
    before = crypto.keyed_hash("otp", "482913")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert crypto.keyed_hash("otp", "482913") != before


def test_matches_compares_with_hmac_compare_digest():
    stored = crypto.keyed_hash("otp", "482913")
    with mock.patch("zgoda.lib.crypto.hmac.compare_digest", wraps=hmac.compare_digest) as compare:
        assert crypto.matches("otp", "482913", stored)
    compare.assert_called_once_with(stored, stored)


def test_random_digits_have_the_asked_length_and_only_digits():
    codes = {crypto.random_digits(8) for _ in range(50)}
    assert all(len(c) == 8 and c.isdigit() for c in codes)
    assert len(codes) > 45  # random, not a constant


def test_random_tokens_differ():
    assert crypto.random_token() != crypto.random_token()
    assert len(crypto.random_token()) >= 43
