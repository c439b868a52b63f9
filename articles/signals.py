"""What articles tells higher floors about, without knowing who listens (notifications does)."""

from django.dispatch import Signal

# A workflow move, sent inside its transaction once its audit entry is written, with keyword
# arguments actor, article (as it now is), action (articles.services' audit action), from_state,
# to_state and note. Receivers that reach outside the database do so on commit.
article_moved = Signal()
