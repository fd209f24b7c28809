import pytest
from cryptography.fernet import Fernet

from directhelper.env import EnvReader, SettingError


def reader(**values):
    return EnvReader(values)


def test_it_reads_booleans_strictly():
    assert reader(FLAG="Yes").bool("FLAG", default=False) is True
    assert reader(FLAG="off").bool("FLAG", default=True) is False
    assert reader().bool("FLAG", default=True) is True
    with pytest.raises(SettingError, match="FLAG: expected true/false, got 'ture'"):
        reader(FLAG="ture").bool("FLAG", default=False)


def test_it_names_the_variable_of_a_bad_number():
    with pytest.raises(SettingError, match="LIMIT: expected a whole number, got 'ten'"):
        reader(LIMIT="ten").int("LIMIT", default=1)
    with pytest.raises(SettingError, match="LIMIT: must be at least 1, got 0"):
        reader(LIMIT="0").int("LIMIT", default=1, minimum=1)


def test_it_accepts_only_listed_choices():
    assert reader(BOT_ACCESS="Allowlist").choice("BOT_ACCESS", ("open", "allowlist"), default="open") == "allowlist"
    with pytest.raises(SettingError, match="BOT_ACCESS: expected one of open, allowlist"):
        reader(BOT_ACCESS="closed").choice("BOT_ACCESS", ("open", "allowlist"), default="open")


def test_it_reads_comma_separated_ids():
    assert reader(IDS=" 1, 22 ,").int_list("IDS") == [1, 22]
    with pytest.raises(SettingError, match="IDS"):
        reader(IDS="1,@admin").int_list("IDS")


def test_it_reads_ip_addresses_and_networks():
    assert reader(IPS="10.0.5.17, 192.0.2.0/28,::1").ip_networks("IPS") == ["10.0.5.17", "192.0.2.0/28", "::1"]
    with pytest.raises(SettingError, match=r"IPS: 'monitoring\.local' is not an IP address"):
        reader(IPS="10.0.5.17,monitoring.local").ip_networks("IPS")


def test_it_checks_urls_have_a_scheme_and_host():
    assert reader(URL="http://127.0.0.1:8081/").url("URL", default=None) == "http://127.0.0.1:8081"
    assert reader(URL="https://api.telegram.org/bot").url("URL", default=None) == "https://api.telegram.org/bot"
    with pytest.raises(SettingError, match="URL: expected a http/https URL"):
        reader(URL="api.telegram.org").url("URL", default=None)
    with pytest.raises(SettingError, match="BROKER"):
        reader(BROKER="http://x").url("BROKER", default=None, schemes=("redis",))


def test_it_validates_every_fernet_key_and_keeps_their_order():
    new, old = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    assert reader(KEY=f"{new},{old}").fernet_keys("KEY") == [new, old]
    with pytest.raises(SettingError, match="KEY: key #2 is not a Fernet key"):
        reader(KEY=f"{new},not-a-key").fernet_keys("KEY")


def test_it_treats_blank_values_as_unset():
    assert reader(NAME="  ").str("NAME", default="fallback") == "fallback"
    with pytest.raises(SettingError, match="TOKEN: is required when"):
        reader(TOKEN="").required("TOKEN", "when the bot runs")


def test_it_requires_files_to_exist(tmp_path):
    path = tmp_path / "service-account.json"
    with pytest.raises(SettingError, match="does not exist"):
        reader(FILE=str(path)).existing_file("FILE")
    path.write_text("{}")
    assert reader(FILE=str(path)).existing_file("FILE") == str(path)
