"""Fixture posts for the WordPress test server, written for these tests (fictional news).

Each post is shaped like a WordPress REST API post: `content` and `excerpt` are the
`rendered` HTML (with the entities wptexturize produces), the featured image carries a
caption in HTML, and terms are category / post_tag names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass
class Media:
    url: str
    alt: str
    caption_html: str


@dataclass
class Post:
    id: int
    slug: str
    title: str
    date: datetime  # site-local time, like WordPress's `date`
    modified: datetime  # site-local time, like WordPress's `modified`
    content: str
    excerpt: str = ""
    media: Media | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


BASE = datetime(2026, 3, 2, 9, 0)

LAB_OPENING = """
<p>The new shared laboratory at Nordlys Health Cluster opened its doors on Monday, giving ten
young companies access to equipment none of them could afford alone.</p>
<h2>Equipment on loan</h2>
<p>The lab offers a flow cytometer, two sequencers and a cell culture suite. Companies book
time by the hour through the cluster&#8217;s booking system.</p>
<figure class="wp-block-image size-large"><img src="https://cdn.example.org/lab-bench.jpg"
 alt="A row of lab benches"/><figcaption class="wp-element-caption">The cell culture suite on
 the second floor. Photo: Ola Hansen</figcaption></figure>
<blockquote class="wp-block-quote"><p>&#8220;Small teams should spend their money on ideas,
not on machines that stand idle most of the week.&#8221;</p><cite>Marte Lien, lab manager at
Nordlys Health Cluster</cite></blockquote>
<p>The first tenants are:</p>
<ul class="wp-block-list"><li>Fjordgen, which works on gene panels</li>
<li>Polar Imaging</li><li>Kvist Diagnostics</li></ul>
<h3>How to apply</h3>
<p>Members apply through the cluster office. Applications are reviewed every month.</p>
<p><strong>Sign up to our monthly newsletter!</strong></p>
"""

MENTOR_PROGRAMME = """
<p>Twelve researchers have been paired with experienced founders in the cluster&#8217;s
mentoring programme for 2026.</p>
<div id="attachment_77" class="wp-caption aligncenter"><img src="https://cdn.example.org/mentors.jpg"
 alt="Mentors and researchers"/><p class="wp-caption-text">Mentors and researchers met for the
 first time in Bergen. Photo: Siri Berg</p></div>
<p>&#8220;Having someone who has raised money before changes the questions you ask,&#8221; says
Jonas Vik, a researcher at the University Hospital.</p>
<p>Pairs are chosen with care. Ingrid Dahl, head of talent at Nordlys Health Cluster,
explained:</p>
<p>&#8220;We match people on the problem they want to solve, not on their field.&#8221;</p>
<h2>Three meetings a term</h2>
<p>Pairs meet at least three times a term. The programme covers the steps below:</p>
<ol><li>Choosing a first market</li><li>Talking to investors</li><li>Hiring the first
employees</li></ol>
<p>Partner logos:</p>
<p>Fjordgen logo</p>
<p>The partners of the programme are:</p>
"""

TRIAL_RESULTS = """
<p>A cluster member has reported encouraging early results from a small trial of a new
blood test for colorectal cancer.</p>
<p>The test looks for fragments of tumour DNA in an ordinary blood sample. In the trial,
it found signs of cancer in 41 of 50 patients.</p>
<p>&#8220;These are early numbers, and we need a larger study before anyone draws
conclusions.&#8221;</p>
<h4>Next steps</h4>
<p>A larger study with 600 patients is planned for next year.</p>
<p>Want to read more about cancer screening?</p>
"""

HACKATHON = """
<p>More than eighty students took part in the health data hackathon in Trondheim last
weekend.</p>
<p>Winning team Datahjelp built a tool that flags missing fields in clinical trial
records before they are submitted.</p>
<p>&#8220;We did not expect to win. We just wanted to fix something that annoyed us,&#8221; said
Emma Strand, Datahjelp team member.</p>
<p>The post Students race to fix health data first appeared on Nordlys Health Cluster.</p>
"""

EXPORT_REPORT = """
<p>Health industry exports from the region grew by a fifth last year, according to a
new report.</p>
<h2>Medical devices lead</h2>
<p>Medical devices made up more than half of the exports, followed by diagnostics and
digital tools.</p>
<p>The report&#8217;s authors list three reasons for the growth:</p>
<ul><li>More companies selling abroad</li><li>Faster approval of devices</li></ul>
"""

FRESH_PODCAST = """
<p>The cluster has launched a podcast where members talk about the hardest decisions in
building a health company.</p>
<p>Episodes come out every second Thursday.</p>
"""


def fixture_posts() -> list[Post]:
    """The hand-written posts, oldest first; each is modified a day after the previous."""
    day = timedelta(days=1)
    return [
        Post(
            1,
            "shared-lab-opens",
            "Shared lab opens for young companies",
            BASE,
            BASE + day,
            LAB_OPENING,
            excerpt="<p>The new shared laboratory at Nordlys Health Cluster opened its doors "
            "on Monday, giving ten young companies access to equipment none of them could "
            "afford alone. [&hellip;]</p>\n",
            media=Media(
                "https://cdn.example.org/lab-front.jpg",
                "The lab entrance",
                "<p>The entrance of the new lab. Photo: Ola Hansen</p>\n",
            ),
            categories=["News"],
            tags=["Laboratory", "Start-ups"],
        ),
        Post(
            2,
            "mentors-for-researchers",
            "Mentors for twelve researchers",
            BASE + day,
            BASE + 2 * day,
            MENTOR_PROGRAMME,
            excerpt="<p>Founders who have been there before will guide twelve researchers "
            "through their first year as entrepreneurs.</p>\n",
            media=Media(
                "https://cdn.example.org/mentors-lead.jpg",
                "",
                "<p>The mentors gathered in Bergen. Photo: Siri Berg</p>\n",
            ),
            categories=["News", "Talent"],
            tags=["Mentoring"],
        ),
        Post(
            3,
            "blood-test-trial",
            "Early results for a R&amp;D blood test",
            BASE + 2 * day,
            BASE + 3 * day,
            TRIAL_RESULTS,
            categories=["Research"],
        ),
        Post(
            4,
            "health-data-hackathon",
            "Students race to fix health data",
            BASE + 3 * day,
            BASE + 4 * day,
            HACKATHON,
            excerpt="<p>More than eighty students took part in the health data hackathon in "
            "Trondheim last weekend. [&hellip;]</p>\n<p>The post Students race to fix health "
            "data first appeared on Nordlys Health Cluster.</p>\n",
            categories=["Events"],
            tags=["Data", "Students"],
        ),
        Post(
            5,
            "exports-grow",
            "Health exports grow by a fifth",
            BASE + 4 * day,
            BASE + 5 * day,
            EXPORT_REPORT,
            media=Media(
                "https://cdn.example.org/port.jpg",
                "Containers in the port",
                "<p>Containers in the port of Oslo.</p>\n",
            ),
            categories=["Policy"],
        ),
        Post(
            6,
            "cluster-podcast",
            "The cluster starts a podcast",
            BASE + 5 * day,
            BASE + 6 * day,
            FRESH_PODCAST,
            categories=["News"],
        ),
    ]


TOPICS = ("diagnostics", "medical devices", "cancer research", "digital health", "vaccines")


def generated_posts(count: int, start_id: int = 1000) -> list[Post]:
    """`count` plain posts with some structure each, for pagination tests and the benchmark."""
    posts = []
    for n in range(count):
        topic = TOPICS[n % len(TOPICS)]
        when = BASE + timedelta(minutes=7 * n)
        body = (
            f"<p>Member company number {n} has news about {topic} this week.</p>\n"
            f"<h2>What happens next</h2>\n"
            + "".join(
                f"<p>Paragraph {k} of post {n} explains the plans for {topic} in some "
                f"detail, with numbers, names and the usual caveats.</p>\n"
                for k in range(6)
            )
            + f"<blockquote><p>&#8220;We are proud of the team behind post {n}.&#8221;</p>"
            f"<cite>Kari Holm, CEO of Company {n}</cite></blockquote>\n"
            f"<ul><li>First point about {topic}</li><li>Second point</li></ul>\n"
        )
        posts.append(
            Post(
                start_id + n,
                f"member-news-{n}",
                f"Member news number {n} on {topic}",
                when,
                when + timedelta(hours=1),
                body,
                categories=["Members"],
                tags=[topic.title()],
                media=Media(
                    f"https://cdn.example.org/member-{n}.jpg",
                    f"Picture {n}",
                    f"<p>Picture for post {n}. Photo: Company {n}</p>",
                ),
            )
        )
    return posts
