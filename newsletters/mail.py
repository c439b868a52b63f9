"""E-mails of the newsletters app, built from templates (an HTML part and a plain-text part)
and sent through the mailer named by settings.NEWSLETTER_MAILER: Django's own SMTP backend, or
a provider through django-anymail, chosen by settings alone."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from articles.seo import absolute_url


def mailer_alias():
    return getattr(settings, "NEWSLETTER_MAILER", "default")


def build_message(*, to, subject, template, context, headers=None):
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "absolute_url": absolute_url,
        **context,
    }
    text = render_to_string(f"newsletters/email/{template}.txt", context)
    html = render_to_string(f"newsletters/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message


def send(message):
    """Send one message through the newsletters' mailer; returns the provider's message id when
    it gives one (anymail), else ""."""
    message.send(using=mailer_alias())
    status = getattr(message, "anymail_status", None)
    return (status.message_id or "") if status is not None else ""
