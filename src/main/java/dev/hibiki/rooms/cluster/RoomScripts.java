package dev.hibiki.rooms.cluster;

/**
 * The Redis scripts of rooms in cluster mode. Each runs atomically, so what it writes and what it
 * publishes are one step: the order of a room's messages on the channel is the order of their
 * seqs, and a message in the history has been published.
 *
 * <p>Keys per room: {@code <prefix>:{<tag>}:room:<name>:seq} (the last seq given out) and
 * {@code <prefix>:{<tag>}:room:<name>:log} (a stream of the last {@code history.size} frames, entry
 * id {@code <seq>-0}, fields {@code f} = the encoded frame and {@code t} = publication time in
 * epoch millis); the room's sharded channel is {@code <prefix>:{<tag>}:room:<name>}. {@code <tag>}
 * is the room's partition tag, so a script's keys and the channel it publishes to share one slot
 * on Redis Cluster (SPUBLISH from a script may only reach its own slot).
 */
final class RoomScripts {

    private RoomScripts() {
    }

    /**
     * Gives a message the room's next seq, keeps it in the history and publishes it.
     * KEYS: seq, log. ARGV: the room's channel, envelope header without the seq (the script appends
     * {@code " <seq>\n"}), frame prefix, frame suffix, floor (the highest seq the publishing node
     * knows: the seq never goes below it, e.g. after a Redis restart lost the key), must-exist
     * (1: answer -1 instead of creating a room nobody is in), history size, seq TTL ms, log TTL ms,
     * now ms, the excluded connection ({@code -} for none; kept as field {@code x}, so a node that
     * reads the message back after a gap still skips a {@code self: false} sender). Returns the
     * seq, or -1.
     *
     * <p>Written to cost Redis little per message (docs/BENCHMARKS.md "Rooms on Redis Cluster"):
     * what it changes is replicated command by command, so a message writes only INCR and XADD.
     * The seq is SET only when it had to be raised. Expiries are not renewed per message: each key
     * lives between its TTL and twice it after the last message, renewed (to twice) only when less
     * than the TTL is left, a read (PTTL) that is not replicated. The history is trimmed with
     * {@code MAXLEN ~}, whole stream nodes at a time (exact trimming moves the node's memory on
     * every message), so it may keep more than the history size; {@link #RECOVER} reads no more.
     */
    static final String PUBLISH = """
            if ARGV[6] == '1' and redis.call('EXISTS', KEYS[1]) == 0 then
              return -1
            end
            local counted = redis.call('INCR', KEYS[1])
            local seq = counted
            if seq == 1 then
              local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
              if last[1] then
                local kept = tonumber(string.match(last[1][1], '^%d+'))
                if kept >= seq then seq = kept + 1 end
              end
            end
            local floor = tonumber(ARGV[5])
            if seq <= floor then seq = floor + 1 end
            local id = string.format('%d', seq)
            local seqTtl = tonumber(ARGV[8])
            if seq ~= counted then
              redis.call('SET', KEYS[1], id, 'PX', 2 * seqTtl)
            elseif redis.call('PTTL', KEYS[1]) < seqTtl then
              redis.call('PEXPIRE', KEYS[1], 2 * seqTtl)
            end
            local frame = ARGV[3] .. id .. ARGV[4]
            if tonumber(ARGV[7]) > 0 then
              redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], id .. '-0', 'f', frame, 't', ARGV[10], 'x', ARGV[11])
              local logTtl = tonumber(ARGV[9])
              if redis.call('PTTL', KEYS[2]) < logTtl then
                redis.call('PEXPIRE', KEYS[2], 2 * logTtl)
              end
            end
            redis.call('SPUBLISH', ARGV[1], ARGV[2] .. ' ' .. id .. '\\n' .. frame)
            return seq
            """;

    /**
     * The room's current seq and every kept entry from a seq on, read in one step; no further back
     * than the history size (the stream may keep more, see {@link #PUBLISH}), so what is recovered
     * is what exact trimming would have kept. KEYS: seq, log. ARGV: first seq wanted, history size.
     * Returns {@code [seq, [[id, [field, value, ...]], ...]]}.
     */
    static final String RECOVER = """
            local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
            local from = math.max(tonumber(ARGV[1]), seq - tonumber(ARGV[2]) + 1)
            return {seq, redis.call('XRANGE', KEYS[2], string.format('%d', from), '+')}
            """;

    /**
     * Forgets a room's seq and history and tells every node to close it. KEYS: seq, log. ARGV:
     * channel, the close envelope, known (1: members are known to exist, publish even if Redis
     * holds nothing). Returns how many of the two keys existed.
     */
    static final String CLOSE = """
            local existed = redis.call('DEL', KEYS[1], KEYS[2])
            if existed > 0 or ARGV[3] == '1' then
              redis.call('SPUBLISH', ARGV[1], ARGV[2])
            end
            return existed
            """;

    /**
     * Keeps the seqs of rooms that still have members from expiring. KEYS: seqs. ARGV: the seq TTL
     * ms. As in {@link #PUBLISH}, an expiry is renewed (to twice the TTL) only when less than the
     * TTL is left: run every sweep, far shorter than the TTL, it keeps every seq alive while
     * writing (and replicating) one renewal per room per TTL, not one per sweep.
     */
    static final String TOUCH = """
            local ttl = tonumber(ARGV[1])
            for i = 1, #KEYS do
              if redis.call('PTTL', KEYS[i]) < ttl then
                redis.call('PEXPIRE', KEYS[i], 2 * ttl)
              end
            end
            return #KEYS
            """;

    /**
     * Raises seqs to at least what this node knows (after an outage in which it numbered messages
     * itself, or Redis lost them). KEYS: seqs. ARGV: expiry ms (twice the seq TTL), then one floor per key.
     */
    static final String FLOOR = """
            for i = 1, #KEYS do
              local floor = tonumber(ARGV[i + 1])
              if tonumber(redis.call('GET', KEYS[i]) or '0') < floor then
                redis.call('SET', KEYS[i], ARGV[i + 1], 'PX', ARGV[1])
              end
            end
            return #KEYS
            """;
}
