from django.dispatch import Signal

# Sent after commit when who fills a position changed (appointed, ended). Receivers call their own
# services, e.g. the work module moves open items of the position to the new holder.
staffing_changed = Signal()  # kwargs: position, actor
