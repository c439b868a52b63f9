from articles.models import Article, LiveStatus
from live.models import LiveCoverage, LiveEntry
from tests.visible import visible_text


def test_the_demo_has_a_story_covered_live_and_one_that_ended(demo_newsroom, client):
    running = LiveCoverage.objects.running().get()
    assert running.article.slug == "nagpur-heatwave-47-degrees-schools-shut-early"
    assert running.entries.count() == 6
    assert running.entries.get(pinned=True).title.startswith("47.1°C")
    assert running.entries.exclude(image=None).get().image.credit
    ended = LiveCoverage.objects.ended().get()
    assert "Konkan Mariners" in ended.summary
    assert set(Article.objects.exclude(live_status="").values_list("live_status", flat=True)) == {
        LiveStatus.LIVE,
        LiveStatus.ENDED,
    }
    assert LiveEntry.objects.filter(author__username="reporter").count() == 9
    text = visible_text(client.get(running.article.get_absolute_url()).content.decode())
    assert "Live updates" in text
    assert "47.1°C: the hottest day of the year so far" in text
    home = visible_text(client.get("/").content.decode())
    assert f"Live {running.article.headline}" in home
