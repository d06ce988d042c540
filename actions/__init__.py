"""Custom actions of the MISS-risks assistant (run by the rasa_sdk action server).

Modules by responsibility: knowledge (approved content, validated at start-up), topic_resolution
(which topic/aspect a message asks about), answering (action_answer_question), out_of_scope
(action_out_of_scope), replies (payload, buttons, clinic contacts).
"""

import logging

from actions.knowledge import ContentError, knowledge_base

logger = logging.getLogger(__name__)

try:  # reject malformed or incomplete content at start-up, naming the file and the topic
    knowledge_base()
except ContentError as err:
    logger.error("Approved content rejected: %s", err)
    raise SystemExit(f"Approved content rejected: {err}") from err
