"""scripts/check-official-libs, Python side: Twilio's official Python library (`twilio` on PyPI)
walks the Flex API on `twilio-flex mock`, pointed at it the way its docs allow (the domain's
`base_url`), and checks every answer decoded: SIDs with their prefixes, what was sent read
back, dates parsed into datetimes, creates answering a 2xx (`create_with_http_info`). Prints one
line per call, then `ok N calls`; exits 1 on the first failure.

    .tools/official-py/bin/python scripts/official-libs/walk.py \
        --url http://127.0.0.1:PORT --account-sid AC... --auth-token ...
"""

import argparse
import datetime
import sys

calls = 0


def fail(what, detail):
    sys.exit(f"python walk failed: {what}: {detail}")


def decoded(what, instance, prefix=None, **expect):
    """Checks one answer: an instance whose date fields parsed and whose sid has its prefix."""
    global calls
    calls += 1
    status = None
    if hasattr(instance, "status_code") and hasattr(instance, "data"):
        status = instance.status_code
        if not 200 <= status < 300:
            fail(what, f"status {status}")
        instance = instance.data
    fields = {k: v for k, v in vars(instance).items() if not k.startswith("_")}
    for k, v in fields.items():
        if k.startswith("date_") and v is not None and not isinstance(v, datetime.datetime):
            fail(what, f"{k} is not a datetime: {v!r}")
    sid = fields.get("sid")
    if prefix and not (isinstance(sid, str) and sid.startswith(prefix) and len(sid) == 34):
        fail(what, f"sid {sid!r} is not {prefix}...")
    for k, v in expect.items():
        if fields.get(k) != v:
            fail(what, f"{k} is {fields.get(k)!r}, expected {v!r}")
    print(f"python {what} ok{' ' + sid if sid else ''}{f' ({status})' if status else ''}")
    return instance


class JsonBody:
    """A JSON request body: twilio-python's Configuration update takes any object with
    `to_dict()` (it ships no model class for it)."""

    def __init__(self, value):
        self.value = value

    def to_dict(self):
        return self.value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--account-sid", required=True)
    parser.add_argument("--auth-token", required=True)
    args = parser.parse_args()

    from twilio.rest import Client

    client = Client(args.account_sid, args.auth_token)
    client.flex_api.base_url = args.url
    v1 = client.flex_api.v1
    account = args.account_sid

    # Flex Flows: create, list, fetch, update, delete.
    flow = decoded(
        "flex_flow.create",
        v1.flex_flow.create_with_http_info(
            friendly_name="python support",
            chat_service_sid="IS0123456789abcdef0123456789abcdef",
            channel_type="web",
            integration_type="studio",
            integration_flow_sid="FW0123456789abcdef0123456789abcdef",
        ),
        "FO",
        friendly_name="python support",
        channel_type="web",
        account_sid=account,
    )
    flows = v1.flex_flow.list(friendly_name="python support")
    if len(flows) != 1:
        fail("flex_flow.list", f"{len(flows)} flows")
    decoded("flex_flow.list", flows[0], "FO", sid=flow.sid)
    decoded("flex_flow.fetch", v1.flex_flow(flow.sid).fetch(), "FO", sid=flow.sid)
    decoded(
        "flex_flow.update",
        v1.flex_flow(flow.sid).update(friendly_name="python renamed"),
        "FO",
        friendly_name="python renamed",
    )

    # A Web Channel on that flow.
    web = decoded(
        "web_channel.create",
        v1.web_channel.create_with_http_info(
            flex_flow_sid=flow.sid,
            identity="customer-1",
            customer_friendly_name="Customer",
            chat_friendly_name="Chat",
        ),
        "CH",
        flex_flow_sid=flow.sid,
    )
    decoded("web_channel.fetch", v1.web_channel(web.sid).fetch(), "CH")
    global calls
    calls += 2
    if v1.web_channel(web.sid).delete() is not True:
        fail("web_channel.delete", "not deleted")
    if v1.flex_flow(flow.sid).delete() is not True:
        fail("flex_flow.delete", "not deleted")
    print("python flex_flow.delete, web_channel.delete ok")

    # The Configuration: fetch, update (a JSON body carrying the account).
    decoded("configuration.fetch", v1.configuration().fetch(), account_sid=account)
    decoded(
        "configuration.update",
        v1.configuration().update(
            body=JsonBody({"account_sid": account, "ui_attributes": {"theme": "python"}})
        ),
        ui_attributes={"theme": "python"},
    )

    # A Plugin Service release: plugin, version, configuration, release.
    plugin = decoded(
        "plugins.create",
        v1.plugins.create_with_http_info(unique_name="python-plugin", friendly_name="Python plugin"),
        "FP",
        unique_name="python-plugin",
    )
    version = decoded(
        "plugin_versions.create",
        v1.plugins(plugin.sid).plugin_versions.create_with_http_info(
            resource_version="1.0.0",
            plugin_url="https://example.com/python-plugin-1.0.0.js",
        ),
        "FV",
        plugin_sid=plugin.sid,
        version="1.0.0",
    )
    configuration = decoded(
        "plugin_configurations.create",
        v1.plugin_configurations.create_with_http_info(
            name="python configuration", plugins=[{"plugin_version": version.sid}]
        ),
        "FJ",
    )
    configured = v1.plugin_configurations(configuration.sid).plugins.list()
    if len(configured) != 1:
        fail("configured_plugins.list", f"{len(configured)} plugins")
    decoded("configured_plugins.list", configured[0], plugin_version_sid=version.sid)
    release = decoded(
        "plugin_releases.create",
        v1.plugin_releases.create_with_http_info(configuration_id=configuration.sid),
        "FK",
        configuration_sid=configuration.sid,
    )
    decoded("plugin_releases.fetch", v1.plugin_releases(release.sid).fetch(), "FK")

    # An Interaction with a channel and a participant.
    interaction = decoded(
        "interaction.create",
        v1.interaction.create_with_http_info(
            channel={
                "type": "sms",
                "initiated_by": "customer",
                "properties": {"media_channel_sid": "CH0123456789abcdef0123456789abcdef"},
            },
            routing={
                "properties": {
                    "workspace_sid": "WS0123456789abcdef0123456789abcdef",
                    "task_channel_unique_name": "sms",
                }
            },
        ),
        "KD",
    )
    channels = v1.interaction(interaction.sid).channels.list()
    if len(channels) != 1:
        fail("interaction.channels.list", f"{len(channels)} channels")
    channel = decoded("interaction.channels.list", channels[0], "UO")
    ch = v1.interaction(interaction.sid).channels(channel.sid)
    decoded("interaction.channels.fetch", ch.fetch(), "UO")
    participant = decoded(
        "participants.create",
        ch.participants.create_with_http_info(
            type="agent", media_properties={"address": "+15005550006"}
        ),
        "UT",
    )
    participants = ch.participants.list()
    if not any(p.sid == participant.sid for p in participants):
        fail("participants.list", "the participant is missing")
    decoded("participants.list", participants[0], "UT")
    decoded(
        "invites.create",
        ch.invites.create_with_http_info(
            routing={"properties": {"workspace_sid": "WS0123456789abcdef0123456789abcdef"}}
        ),
        "KG",
    )
    print(f"ok {calls} calls")


if __name__ == "__main__":
    main()
