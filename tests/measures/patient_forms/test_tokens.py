from measures.patient_forms import tokens


def test_a_code_has_six_digits():
    codes = {tokens.code_new() for _ in range(200)}
    assert all(len(code) == 6 and code.isdigit() for code in codes)
    assert len(codes) > 150


def test_a_token_is_long_and_url_safe():
    token = tokens.token_new()
    assert len(token) == 43
    assert token.replace("-", "").replace("_", "").isalnum()


def test_digests_are_keyed_hex_and_never_the_secret(settings):
    digest = tokens.code_digest("123456")
    assert len(digest) == 64 and "123456" not in digest
    assert digest == tokens.code_digest("123456")
    assert digest != tokens.token_digest("123456")  # codes and tokens are digested apart
    settings.SECRET_KEY = "another-secret-key-for-this-test-only"
    assert tokens.code_digest("123456") != digest


def test_a_typed_code_forgives_spaces_and_dashes():
    assert tokens.code_normalise(" 123 456 ") == "123456"
    assert tokens.code_normalise("123-456") == "123456"


def test_anything_else_is_not_a_code():
    for typed in ("", "12345", "1234567", "12a456", "١٢٣٤٥٦", "123456\x00", None):
        assert tokens.code_normalise(typed) is None


def test_a_code_is_shown_in_two_groups():
    assert tokens.code_display("123456") == "123 456"
