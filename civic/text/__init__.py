"""Vietnamese text helpers shared by search, the NLU tokenizer and the actions (no Rasa imports)."""
