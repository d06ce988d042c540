"""Code that runs inside the Rasa server: NLU components, the REST channel, storage, triage.

Importing it changes nothing in Rasa: the project's patches to Rasa are installed explicitly where a server
starts (addons/rasa_server.py).
"""
