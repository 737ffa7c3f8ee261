import re
import tomllib

import yaml

from .conftest import ROOT


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = {_name(s) for s in project["dependencies"]} | {
        _name(s) for group in project["optional-dependencies"].values() for s in group
    }
    assert {"pytest", "mutmut"} <= wanted  # the test group and the mutation group are both compared
    env = yaml.safe_load((ROOT / "environment.yml").read_text("utf-8"))
    have = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            have |= {_name(s) for s in dep.get("pip", []) if not s.startswith("-")}
        else:
            have.add(_name(dep))
    have -= {"python", "pip"}
    assert wanted == have


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "make test" in ci
    assert "make test" in readme and "make report" in readme
