"""The one error type the policy builders raise."""


class PolicyError(ValueError):
    """A policy document or builder input that AWS would reject or that breaks our rules.

    `reason` is the message without the document and statement it was found in (names the program generated),
    for errors reported at the config path that produced the statement.
    """

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason or message
