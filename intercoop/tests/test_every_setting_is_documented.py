import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_environment_variable_read_by_the_settings_is_in_the_readme() -> None:
    settings_source = (ROOT / "intercoop" / "settings.py").read_text()
    read = set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', settings_source))
    assert len(read) > 15  # the pattern still finds the reads
    readme = (ROOT / "README.md").read_text()
    undocumented = sorted(name for name in read if f"`{name}`" not in readme)
    assert not undocumented, (
        f"Add these variables to README.md's Configuration table: {undocumented}"
    )
