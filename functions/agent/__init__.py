"""Model clients (offline and OpenAI), the judges and the agent runner.

`openai` is imported only by `openai_model`, which only `factory` loads, and only for the openai
provider: the API path never pays its ~440 ms import.
"""
