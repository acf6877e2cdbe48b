"""``keys show|pending|approve|revoke|rotate|link``: which ward PCs the advisor hub takes
bundles from.

IT collects each ward PC's install id and fingerprint with ``keys show`` and lists them in
the hub's site policy (``enrolled``); a PC not listed waits until the advisor approves it
(here or on the Sync screen). The same core functions as the window.
"""

from __future__ import annotations

import json
import socket

from .common import EXIT_FAIL, EXIT_OK, UserFacingError, open_context


def add_actions(actions) -> None:
    actions.add_parser("show", help="print this install's id, public keys and fingerprints, "
                                    "and its line for the advisor hub's site policy") \
        .set_defaults(func=cmd_keys_show)
    actions.add_parser("pending", help="advisor hub: the ward PCs waiting to be approved, "
                                       "and every key this computer trusts") \
        .set_defaults(func=cmd_keys_pending)
    approve = actions.add_parser("approve", help="advisor hub: approve a waiting ward PC "
                                                 "once its fingerprint is compared")
    approve.add_argument("install_id", help="the PC's install id, as `keys pending` lists it")
    approve.add_argument("fingerprint", help="its fingerprint, as read on the PC itself")
    approve.add_argument("--by", default="", help="who approved it (kept with the key)")
    approve.set_defaults(func=cmd_keys_approve)
    revoke = actions.add_parser("revoke", help="stop trusting a key (a lost, stolen or "
                                               "replaced PC's)")
    revoke.add_argument("fingerprint")
    revoke.set_defaults(func=cmd_keys_revoke)
    actions.add_parser("rotate", help="make this install a new signing key (the advisor "
                                      "approves it, then revokes the old one)") \
        .set_defaults(func=cmd_keys_rotate)
    link = actions.add_parser("link", help="advisor hub: let a re-enrolled PC add to the "
                                           "reports its old install sent")
    link.add_argument("install_id", help="the new install id (the replaced PC, enrolled)")
    link.add_argument("replaces", help="the old install id")
    link.add_argument("--by", default="")
    link.set_defaults(func=cmd_keys_link)


def _mark(text: str) -> str:
    """A fingerprint as typed: any case and spacing, five groups of four hex digits."""
    digits = "".join(text.split()).lower()
    if len(digits) != 20 or any(c not in "0123456789abcdef" for c in digits):
        raise UserFacingError(f"'{text}' is not a fingerprint (five groups of four letters "
                              "and digits, as `commonground keys show` prints it)")
    return " ".join(digits[i:i + 4] for i in range(0, 20, 4))


def cmd_keys_show(args) -> int:
    from ..core.install import install_id
    from ..core.sync import keys

    context = open_context(args)
    folder = context.paths.keys
    signing = keys.install_signing_key(folder)
    public = keys.b64(keys.raw_public(signing.public_key()))
    mark = keys.fingerprint(keys.raw_public(signing.public_key()))
    me = install_id(context.db)
    print(f"This install: {me}")
    print("This install's signing key (every bundle it sends is signed with it):")
    print(f"  fingerprint {mark}")
    print(f"  public key  {public}")
    print("  If this is the advisor hub, this is \"advisor_signing\" in the site policy.")
    entry = {"install_id": me, "fingerprint": mark,
             "name": " · ".join(p for p in (socket.gethostname(), context.policy.site or "")
                                if p)}
    print("  If this is a ward PC, IT adds this line to \"enrolled\" in the advisor hub's "
          "site policy:")
    print(f"  {json.dumps(entry, ensure_ascii=False)}")
    for role, name in (("advisor", "advisor_encryption"), ("committee", "committee_signing")):
        found = keys.role_key(folder, role)
        if found:
            print(f"The {role} {found.kind} key (passphrase-protected):")
            print(f"  fingerprint {found.fingerprint}")
            print(f"  public key  {found.public}   (\"{name}\" in the site policy)")
    return EXIT_OK


def cmd_keys_pending(args) -> int:
    from ..core.sync import state

    context = open_context(args)
    waiting = state.pending_keys(context.db)
    print(f"Ward PCs waiting to be approved: {len(waiting)}")
    for item in waiting:
        print(f"  {item['name'] or '(no name)'}  install {item['install_id']}  fingerprint "
              f"{item['fingerprint']}  ({item['bundles']} bundles since {item['since'][:16]})")
    print("Trusted keys:")
    for item in state.all_keys(context.db):
        status = "revoked" if item["blocked"] else "trusted"
        print(f"  {item['purpose']:<9} {item['fingerprint']}  {item['name'] or ''}  "
              f"install {item['install_id'] or '-'}  ({item['source']}, {status})")
    for link in state.links(context.db):
        print(f"  linked: {link['install_id']} adds to the reports of {link['replaces']}")
    return EXIT_OK


def cmd_keys_approve(args) -> int:
    from ..core.sync import trust

    context = open_context(args)
    answer = trust.approve_pc(context.db, context.policy.folders or {},
                              args.install_id.strip().lower(), _mark(args.fingerprint),
                              by=args.by)
    print(answer.message.replace(" Syncing again.", " Run `commonground sync` to import "
                                                    "its bundles."))
    return EXIT_OK if answer.status == trust.APPROVED else EXIT_FAIL


def cmd_keys_revoke(args) -> int:
    from ..core.sync import state

    context = open_context(args)
    row = state.revoke(context.db, _mark(args.fingerprint))
    if row is None:
        raise UserFacingError(f"this computer does not know the key {_mark(args.fingerprint)}")
    print(f"Revoked the {row['purpose']} key {row['fingerprint']} ({row['name'] or 'no name'}):"
          " bundles signed with it are refused from now on.")
    return EXIT_OK


def cmd_keys_rotate(args) -> int:
    from ..core.install import install_id
    from ..core.sync import keys

    context = open_context(args)
    old = keys.install_fingerprint(context.paths.keys)
    made = keys.rotate_install_key(context.paths.keys)
    mark = keys.fingerprint(keys.raw_public(made.public_key()))
    print(f"This install ({install_id(context.db)}) now signs with key {mark}"
          + (f" in place of {old}." if old else "."))
    print("Its bundles wait on the advisor hub until the new key is approved (IT updates "
          "\"enrolled\" in the hub's site policy, or the advisor approves it on the Sync "
          "screen); then the advisor revokes the old key.")
    return EXIT_OK


def cmd_keys_link(args) -> int:
    from ..core.sync import state

    context = open_context(args)
    new, old = args.install_id.strip().lower(), args.replaces.strip().lower()
    if new == old:
        raise UserFacingError("an install cannot replace itself")
    if state.key_for_install(context.db, new) is None:
        raise UserFacingError(f"{new} is not an enrolled ward PC here; approve it first")
    state.link_install(context.db, new, old, by=args.by)
    print(f"Linked: {new} may now add to the reports {old} sent.")
    return EXIT_OK
