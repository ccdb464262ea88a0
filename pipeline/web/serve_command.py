"""``praxis serve``: the command around :func:`pipeline.web.serve.run`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from pipeline.command_options import ROUND_OPTION, current_settings, option
from pipeline.locale.command_line import TextCommand


@click.command(name="serve", cls=TextCommand, help="cli.help.serve")
@ROUND_OPTION
@option(
    "--port", type=click.IntRange(1, 65535), metavar="cli.metavar.port", help="cli.help.serve.port"
)
@option("--open", "open_browser", is_flag=True, help="cli.help.serve.open")
@option("--host", default="127.0.0.1", metavar="cli.metavar.address", help="cli.help.serve.host")
@option("--allow-network", is_flag=True, help="cli.help.serve.allow_network")
def serve(
    round_dir: Path, port: int | None, open_browser: bool, host: str, allow_network: bool
) -> None:
    """The local web page of a round, until Ctrl+C."""
    from pipeline.web.config import WebConfig
    from pipeline.web.serve import check_host, check_round, choose_port, refuse_if_serving, run

    s = current_settings()
    check_round(round_dir, s.lang)
    warning = check_host(host, allow_network, s.lang)
    config = WebConfig(round_dir=round_dir.resolve(), lang=s.lang, host=host)
    refuse_if_serving(config)
    config = replace(config, port=choose_port(host, port, s.lang))
    if warning:
        click.echo(warning, err=True)
    run(config, open_browser, click.echo)
