"""The vault stage: `people/` read into the model (split, parse, fields, body, slugs, history).

Only this stage reads contact files; everything downstream gets frozen records.
"""
