from pathlib import Path

import pytest

from intercoop.env import ConfigError, Env


@pytest.mark.parametrize("raw", ["1", "true", "YES", "on"])
def test_true_spellings(raw: str) -> None:
    assert Env({"X": raw}).bool("X", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_false_spellings(raw: str) -> None:
    assert Env({"X": raw}).bool("X", True) is False


def test_a_malformed_boolean_names_the_variable_and_value() -> None:
    with pytest.raises(ConfigError, match=r"INTERCOOP_DEBUG='maybe' is not a boolean"):
        Env({"INTERCOOP_DEBUG": "maybe"}).bool("INTERCOOP_DEBUG", False)


def test_a_malformed_integer_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"X='12a' is not a whole number"):
        Env({"X": "12a"}).int("X", 1)


def test_an_integer_out_of_range_is_refused() -> None:
    with pytest.raises(ConfigError, match="out of range"):
        Env({"X": "0"}).int("X", 1, minimum=1)


def test_a_url_with_the_wrong_scheme_is_refused() -> None:
    with pytest.raises(ConfigError, match="must start with one of: postgres://"):
        Env({"DATABASE_URL": "mysql://db/x"}).optional_url("DATABASE_URL", schemes=("postgres",))


def test_a_url_with_a_bad_port_is_refused() -> None:
    with pytest.raises(ConfigError, match="not a valid URL"):
        Env({"U": "postgres://h:99999999/x"}).url("U", "", schemes=("postgres",))


def test_a_choice_outside_the_list_is_refused() -> None:
    with pytest.raises(ConfigError, match="must be one of: embedded, redis"):
        Env({"T": "kafka"}).choice("T", "embedded", ("embedded", "redis"))


def test_a_secret_comes_from_its_file(tmp_path: Path) -> None:
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    assert Env({"KEY_FILE": str(secret)}).str("KEY", "") == "s3cret"


def test_an_unreadable_secret_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"KEY_FILE=.* cannot be read"):
        Env({"KEY_FILE": str(tmp_path / "missing")}).str("KEY", "")


def test_a_value_and_its_file_together_are_ambiguous(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="both set"):
        Env({"KEY": "a", "KEY_FILE": str(tmp_path)}).str("KEY", "")


def test_unset_values_take_their_defaults() -> None:
    env = Env({})
    assert env.int("N", 7) == 7
    assert env.list("L", ["a"]) == ["a"]
    assert env.optional_url("U", schemes=("http",)) is None


@pytest.mark.parametrize(
    ("raw", "amount", "seconds"),
    [("20/h", 20, 3600), ("120/m", 120, 60), ("5/10m", 5, 600), (" 1/1d ", 1, 86400)],
)
def test_a_rate_is_amount_per_period(raw: str, amount: int, seconds: int) -> None:
    rate = Env({"X": raw}).rate("X", "1/s")
    assert (rate.amount, rate.seconds) == (amount, seconds)


@pytest.mark.parametrize("raw", ["20", "20/hour", "h/20", "0/h", "20/0m", "-1/h", "20/h/ip", ""])
def test_a_malformed_rate_is_refused(raw: str) -> None:
    with pytest.raises(ConfigError, match=r"INTERCOOP_RATE_SEARCH="):
        Env({"INTERCOOP_RATE_SEARCH": raw}).rate("INTERCOOP_RATE_SEARCH", "120/m")
