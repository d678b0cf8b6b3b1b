#!/usr/bin/env bash
# The accounts of a cluster (issue 18): they live in the bucket AD_ACCOUNTS,
# so any node serves any operator. Leader a gives its file (op1) to the
# cluster; follower b, started with no accounts file, takes them and writes
# its file; op2 added on a (SIGHUP) can log in on b; op1 removed on b
# (SIGHUP) is gone on a too, and op1's sessions on both nodes are closed;
# two changes at once, one on each node: one is kept on both, the other is
# said to be dropped; b stopped, its file edited meanwhile, started again:
# it takes the cluster's accounts over its file, which it keeps aside.
. "$(dirname "$0")/lib.sh"

add_user op1 operator Guard7desk
start_nats 1
start_center a --nats "$NATS" --node a
wait_for "$T/a.log" "accounts: this node's 1 are the cluster.s .bucket AD_ACCOUNTS, revision 1." 10
start_center b --nats "$NATS" --node b --nats-follow --accounts "$T/b.accounts"
wait_for "$T/b.log" "accounts: taken over this node's file at start, revision 1 of the cluster: 1 accounts, $T/b.accounts rewritten" 10
grep -q '^op1:operator:pbkdf2-sha256\$' "$T/b.accounts" || die "b's file has not op1: $(cat "$T/b.accounts")"
[ "$(stat -c %a "$T/b.accounts")" = 600 ] || die "b's file is mode $(stat -c %a "$T/b.accounts")"
start_console x "ws://127.0.0.1:$b_PORT" op1 Guard7desk
wait_synced x
start_console z "ws://127.0.0.1:$a_PORT" op1 Guard7desk
wait_synced z

# op2 added on a, read again: the cluster's, and b's.
add_user op2 operator Night4shift
kill -HUP "$a_PID"
wait_for "$T/a.log" "accounts: this node's change is the cluster.s .revision 2." 10
wait_for "$T/b.log" "accounts: changed on another node, revision 2 of the cluster: 2 accounts" 10
grep -q '^op2:operator:' "$T/b.accounts" || die "b's file has not op2"
start_console y "ws://127.0.0.1:$b_PORT" op2 Night4shift
wait_synced y

# op1 removed on b, read again: gone on a; op1's sessions closed on both.
sed -i '/^op1:/d' "$T/b.accounts"
kill -HUP "$b_PID"
wait_for "$T/b.log" "session of op1 at x closed: the account was removed" 10
wait_for "$T/b.log" "accounts: this node's change is the cluster.s .revision 3." 10
wait_for "$T/a.log" "accounts: changed on another node, revision 3 of the cluster: 1 accounts, $T/accounts rewritten, 1 sessions of removed accounts closed" 10
grep -q "session of op1 at z closed: the account was removed" "$T/a.log" || die "a did not close op1's session"
! grep -q '^op1:' "$T/accounts" || die "a's file still has op1"

# Two changes at once, op4 on a and op5 on b: one is the cluster's, on both
# nodes; the other node says its change was dropped (or, when the cluster's
# came before it read its file again, keeps its edit aside).
add_user op4 operator Tower6watch
printf '%s\n' Harbor5light | "$CENTER" user add op5 --role operator -a "$T/b.accounts" >/dev/null || die "user add op5"
kill -HUP "$a_PID" "$b_PID"
agreed() { cmp -s "$T/accounts" "$T/b.accounts" && [ "$(grep -c '^op[45]:' "$T/accounts")" = 1 ]; }
poll 10 agreed || die "the two files differ: $(cut -d: -f1 "$T/accounts" | tr '\n' ' ') / $(cut -d: -f1 "$T/b.accounts" | tr '\n' ' ')"
said() { cat "$T/a.log" "$T/b.log" | grep -qE "this node's change is dropped|was edited and not read again"; }
poll 10 said || die "neither node said which change was dropped"
winner=$(grep -o '^op[45]' "$T/accounts")

# b stopped; its file given op3 meanwhile; started again: the cluster's win.
kill "$b_PID"; wait "$b_PID" 2>/dev/null
printf '%s\n' Dawn8patrol | "$CENTER" user add op3 --role operator -a "$T/b.accounts" >/dev/null || die "user add op3"
start_center b --nats "$NATS" --node b --nats-follow --accounts "$T/b.accounts"
poll 10 more_than "$T/b.log" "accounts: taken over this node.s file at start, revision [0-9]+ of the cluster: 2 accounts" 0 ||
  die "b did not take the cluster's accounts at its start again: $(grep accounts: "$T/b.log" | tail -2)"
! grep -q '^op3:' "$T/b.accounts" || die "b's file kept op3, which the cluster has not"
grep -q '^op2:' "$T/b.accounts" || die "b's file lost op2"
grep -q '^op3:' "$T/b.accounts.replaced" || die "b's own file was not kept aside"
grep -q "b.accounts differs from the cluster's: kept as $T/b.accounts.replaced" "$T/b.log" || die "b did not say where its file went"
note "accounts through the bucket: given by a, taken by b at start, an account added on a usable on b, one removed on b closed on a, of two changes at once $winner's kept on both, a file edited while its node was down replaced by the cluster's (kept aside)"
