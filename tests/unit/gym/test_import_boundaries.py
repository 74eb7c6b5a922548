"""The gym's modules keep openai off the API path; only the openai provider loads it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run(code: str) -> None:
    subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=ROOT, env={"PYTHONPATH": f"{ROOT}:{ROOT / 'site'}", "PATH": ""}
    )


def test_the_gym_models_tasks_grading_and_offline_agent_never_import_openai() -> None:
    run(
        "import sys\n"
        "import functions.gym.models, functions.gym.tasks, functions.gym.grading, functions.agent.factory\n"
        "from functions.agent.factory import make_judge, make_agent\n"
        "from functions.config import Settings\n"
        "make_judge(Settings()); make_agent(Settings())\n"
        "assert 'openai' not in sys.modules, 'openai imported without a key'\n"
    )


def test_the_openai_provider_loads_openai_only_when_a_key_is_configured() -> None:
    run(
        "import sys\n"
        "from functions.agent.factory import make_judge\n"
        "from functions.config import Settings\n"
        "judge = make_judge(Settings(openai_api_key='sk-test', openai_max_retries=0))\n"
        "assert judge.name == 'openai' and 'openai' in sys.modules\n"
        "client = judge.model.client\n"
        "assert client.max_retries == 0 and client.timeout == 20.0\n"
    )
