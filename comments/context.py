"""What the article page needs to show its comments and the reply form."""

from .forms import CommentForm
from .models import Comment


def comment_section_context(request, article, form=None):
    own_ids = request.session.get("own_comment_ids", [])
    comments = list(Comment.objects.visible_on_article(article, own_ids))
    return {
        "comments": comments,
        "comment_count": sum(1 for c in comments if not c.is_pending),
        "comment_form": form or CommentForm(),
    }
