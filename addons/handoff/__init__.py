"""Live handoff to clinic staff (docs/handoff.md): the staffed hours (schedule.py), the handoff records
shared by the action server, the console and the Rasa server (store.py), and the policy that keeps the
assistant quiet while a person has the conversation, emergencies excepted (policy.py)."""
