"""The demo's synthetic nodes, known by id: their names in both languages, and that their donors are made up.

Pure data, read by the demo that starts them (`federation.demo`), the results page and its CSV (which say
"synthetic" next to them), and `web` (a biobank page linking to one)."""

from __future__ import annotations

from dataclasses import dataclass

from ic2permed.core.i18n import pick


@dataclass(frozen=True)
class DemoNode:
    id: str
    name: str
    name_zh: str
    profile: str
    region: str
    jurisdiction: str
    biobank_id: str  # the directory entry whose page offers "count in this collection" (marked synthetic)

    def label(self, locale: str) -> str:
        return pick(locale, self.name, self.name_zh)


DEMO_NODES = (
    DemoNode(
        "eu-demo-1",
        "EU demo node 1 (synthetic)",
        "欧盟演示节点 1（合成数据）",
        "eu",
        "EU",
        "EU",
        "eu-ee-estonian-biobank",
    ),
    DemoNode(
        "eu-demo-2", "EU demo node 2 (synthetic)", "欧盟演示节点 2（合成数据）", "eu", "EU", "EU", "eu-fi-finngen"
    ),
    DemoNode("cn-demo-1", "China demo node 1 (synthetic)", "中国演示节点 1（合成数据）", "cn", "China", "CN", "cn-ckb"),
    DemoNode(
        "cn-demo-2", "China demo node 2 (synthetic)", "中国演示节点 2（合成数据）", "cn", "China", "CN", "cn-cngb"
    ),
)
"""Each is linked to a real directory entry so that `make run` shows the way from a biobank page to a count;
every page and export says its donors are synthetic, and `nodes refresh` never copies them into the
directory (`hub.service.refresh_directory`)."""
BY_ID = {node.id: node for node in DEMO_NODES}


def is_synthetic(node_id: str) -> bool:
    return node_id in BY_ID


def node_label(node_id: str, name: str, locale: str) -> str:
    """A demo node's name in the page's language; any other node's name as its operator registered it."""
    demo = BY_ID.get(node_id)
    return demo.label(locale) if demo else name
