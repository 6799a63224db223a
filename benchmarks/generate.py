"""Generate realistic awesome-list READMEs (1k, 10k, 100k rows) for the benchmarks.

The lists look like the survey papercat ships: a title, an intro, a table of contents, four
groups of five sections, and rows `| [Title](link) | Venue Year | code |` with the link forms
real lists use (abs, pdf, versioned, ACL Anthology, GitHub), about 2% of papers listed twice
(another section, a pdf link or a changed case) and a few malformed links.

    python benchmarks/generate.py 10000 > /tmp/list-10k.md
"""

from __future__ import annotations

import random
import sys

WORDS = (
    "language models large learning neural deep data training efficient scalable robust reasoning "
    "generation instruction tuning alignment evaluation benchmark multimodal vision transformer "
    "attention retrieval augmented synthetic self supervised reinforcement human feedback preference "
    "code math knowledge graph agents planning memory prompt chain thought zero shot few adaptation "
    "pretraining compression quantization distillation survey study annotation augmentation synthesis"
).split()
HEADS = ("Llama", "Wizard", "Magi", "Orca", "Phi", "Star", "Tiny", "Alpa", "Genix", "Vila", "Meta", "Deep")
SUFFIXES = ("LM", "Coder", "Math", "GPT", "Instruct", "Vision", "Chat", "Bench", "Stories", "Seek")
VENUES = ("arxiv", "arXiv", "EMNLP", "ACL", "NeurIPS", "ICLR", "ICML", "CVPR", "NAACL", "PNAS", "TMLR")
GROUPS = ("Types of Data Synthesis", "Applications", "Evaluation and Analysis", "Dataset")


def _title(rng: random.Random, number: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12)))
    if rng.random() < 0.4:
        return f"{rng.choice(HEADS)}{rng.choice(SUFFIXES)}-{number}: {words.capitalize()}"
    return f"{words.capitalize()} ({number})"


def _link(rng: random.Random, arxiv_id: str) -> str:
    roll = rng.random()
    if roll < 0.70:
        return f"https://arxiv.org/abs/{arxiv_id}"
    if roll < 0.85:
        return f"https://arxiv.org/pdf/{arxiv_id}"
    if roll < 0.90:
        return f"https://arxiv.org/abs/{arxiv_id}v{rng.randint(1, 3)}"
    if roll < 0.95:
        return f"https://aclanthology.org/2023.acl-long.{rng.randint(1, 900)}/"
    if roll < 0.99:
        return f"https://github.com/org{rng.randint(1, 999)}/repo{rng.randint(1, 9999)}"
    return f"arXiv:{arxiv_id}"


def generate(rows: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    sections = [(group, f"{group} {n + 1}") for group in GROUPS for n in range(5)]
    twins = max(1, rows // 50)
    papers = []
    for number in range(rows - twins):
        year = rng.randint(2019, 2025)
        arxiv_id = f"{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(1, 99999):05d}"
        venue = rng.choice(VENUES)
        code = f"https://github.com/lab{rng.randint(1, 500)}/project{number}" if rng.random() < 0.6 else "-"
        papers.append([_title(rng, number), _link(rng, arxiv_id), f"{venue} {year}", code])
    for number in rng.sample(range(rows - twins), k=twins):  # listed twice, a little differently
        title, link, venue, code = papers[number]
        twin_title = title.lower() if rng.random() < 0.5 else title
        twin_link = link.replace("/abs/", "/pdf/") if "/abs/" in link else link
        papers.append([twin_title, twin_link, venue, code])
    rng.shuffle(papers)

    lines = [
        "# A Generated Review of Data Synthesis",
        "",
        "A generated list with the shape of a real awesome list, for papercat's benchmarks.",
        "",
        "## Table of Contents",
        "",
    ]
    for group in GROUPS:
        lines.append(f"* [{group}](#{group.lower().replace(' ', '-')})")
        for _, name in [s for s in sections if s[0] == group]:
            lines.append(f"  * [{name}](#{name.lower().replace(' ', '-')})")
    lines.append("")
    per_section = -(-len(papers) // len(sections))
    for index, (group, name) in enumerate(sections):
        if index % 5 == 0:
            lines += [f"# {group}", ""]
        lines += [f"## {name}", "", "| Paper | Published in | Code/Project |", "| ----- |:------------:|:------------:|"]
        for title, link, venue, code in papers[index * per_section : (index + 1) * per_section]:
            lines.append(f"| [{title}]({link}) | {venue} | {code} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
