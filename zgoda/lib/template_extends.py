"""`{% extends %}` (a template builtin: TEMPLATES' "builtins" in settings) that finds the root
template's blocks once per compiled template. Django's tag walks the whole root (base.html) for
its blocks on every render, about a tenth of rendering a short page."""

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode, ExtendsNode, do_extends

register = template.Library()


def _root_blocks(compiled_parent) -> dict | None:
    """The blocks of a template that extends nothing (None for one that extends another),
    kept on the compiled template, which the cached loader keeps for the process."""
    try:
        return compiled_parent.zgoda_root_blocks
    except AttributeError:
        pass
    blocks = None
    for node in compiled_parent.nodelist:
        if not isinstance(node, template.base.TextNode):  # the ExtendsNode has to come first
            if not isinstance(node, ExtendsNode):
                blocks = {n.name: n for n in compiled_parent.nodelist.get_nodes_by_type(BlockNode)}
            break
    compiled_parent.zgoda_root_blocks = blocks
    return blocks


class _ExtendsNode(ExtendsNode):
    def render(self, context):
        compiled_parent = self.get_parent(context)
        block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
        if block_context is None:
            block_context = context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context.add_blocks(self.blocks)
        if (blocks := _root_blocks(compiled_parent)) is not None:
            block_context.add_blocks(blocks)
        # Template._render, as Django's tag, so the parser context stays the same.
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)


@register.tag("extends")
def extends(parser, token):
    node = do_extends(parser, token)
    return _ExtendsNode(node.nodelist, node.parent_name, node.template_dirs)
