package dev.hibiki.text.cluster;

import dev.hibiki.cluster.Cluster;
import dev.hibiki.cluster.Envelope;
import dev.hibiki.text.TextSnapshot;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The shared text log in Redis. Per document, in the slot of the document's partition tag
 * ({@code Cluster.partitionKey}): a hash {@code <prefix>:{<tag>}:text:<doc>:head} (rev, epoch,
 * snaprev, snap, seed), a stream {@code <prefix>:{<tag>}:text:<doc>:log} whose entry ids are the
 * revisions ({@code <rev>-0}), trimmed to about {@code hibiki.text.history} entries, and the
 * sharded channel {@code <prefix>:{<tag>}:text:<doc>} its ops and seeds are published on. Each
 * change is one Lua script touching that one slot, so the check, the write and the publish happen
 * as one step, and documents spread over the shards of a Redis Cluster as rooms do.
 *
 * <p>The set {@code <prefix>:{<prefix>}:text:docs} of document names (for
 * {@code hibiki.text.max-documents}, and so that every node knows which channels to subscribe)
 * lives in the hub's slot; {@link #register} adds to it with its own small script, announcing a new
 * document on the hub channel.
 */
final class RedisTextLog implements TextLog {

    /** Bus kind of an appended op: args doc, rev, op id, epoch; body the {@code text_op} frame. */
    static final String KIND_OP = "text";
    /** Bus kind of a seed: args doc, rev, epoch; no body. */
    static final String KIND_SEED = "text-seed";
    /** Bus kind of a new document, on the hub channel (the others are on the document's): args doc; no body. */
    static final String KIND_DOCUMENT = "text-doc";

    private static final String APPEND = """
            local h = redis.call('HMGET', KEYS[1], 'rev', 'epoch')
            local rev = tonumber(h[1] or '0')
            local epoch = h[2] or ''
            if rev ~= tonumber(ARGV[1]) or (h[1] and epoch ~= ARGV[2]) then
              return {0, rev, epoch}
            end
            if not h[1] then
              epoch = ARGV[3]
              redis.call('HSET', KEYS[1], 'epoch', epoch)
            end
            rev = rev + 1
            redis.call('HSET', KEYS[1], 'rev', rev)
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[8], rev .. '-0', 'id', ARGV[4], 'e', epoch, 'f', ARGV[5])
            if ARGV[9] == '1' then
              redis.call('HSET', KEYS[1], 'snaprev', rev, 'snap', ARGV[10])
            end
            redis.call('SPUBLISH', ARGV[7], ARGV[6] .. ' ' .. rev .. ' ' .. ARGV[4] .. ' ' .. epoch .. '\\n' .. ARGV[5])
            return {1, rev, epoch}
            """;

    private static final String LOAD = """
            local h = redis.call('HMGET', KEYS[1], 'rev', 'epoch', 'snaprev', 'snap', 'seed')
            local rev = tonumber(h[1] or '0')
            local epoch = h[2] or ''
            local snaprev = tonumber(h[3] or '0')
            local seeded = 0
            if h[5] and tonumber(h[5]) == rev then seeded = 1 end
            local from = tonumber(ARGV[1])
            local oldest = rev + 1
            local first = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
            if #first > 0 then oldest = tonumber(string.match(first[1][1], '^(%d+)')) end
            if from >= 0 and from <= rev and from + 1 >= oldest then
              return {rev, epoch, seeded, -1, '', redis.call('XRANGE', KEYS[2], (from + 1) .. '-0', '+')}
            end
            return {rev, epoch, seeded, snaprev, h[4] or '', redis.call('XRANGE', KEYS[2], (snaprev + 1) .. '-0', '+')}
            """;

    private static final String SEED = """
            local h = redis.call('HMGET', KEYS[1], 'rev', 'epoch', 'seed')
            if h[1] then
              local cur = tonumber(h[1])
              if not (h[3] and tonumber(h[3]) == cur and cur < tonumber(ARGV[1])) then
                return {0, cur, h[2] or ''}
              end
            end
            redis.call('DEL', KEYS[1], KEYS[2])
            redis.call('HSET', KEYS[1], 'rev', ARGV[1], 'epoch', ARGV[3], 'snaprev', ARGV[1], 'snap', ARGV[2], 'seed', ARGV[1])
            redis.call('SPUBLISH', ARGV[4], ARGV[5] .. ' ' .. ARGV[1] .. ' ' .. ARGV[3] .. '\\n')
            return {1, tonumber(ARGV[1]), ARGV[3]}
            """;

    /**
     * Adds a document name to the set unless that makes more than the limit (a negative limit: no
     * limit), announcing it on the hub channel; 1 when the name is (now) in the set, 0 when refused.
     */
    private static final String REGISTER = """
            if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
              return 1
            end
            local limit = tonumber(ARGV[2])
            if limit >= 0 and redis.call('SCARD', KEYS[1]) >= limit then
              return 0
            end
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('SPUBLISH', ARGV[3], ARGV[4])
            return 1
            """;

    private final Cluster cluster;
    private final int keep;
    private final int maxDocuments;

    /**
     * @param keep         entries each document's stream keeps at least
     * @param maxDocuments most documents in the whole cluster ({@link #register})
     */
    RedisTextLog(Cluster cluster, int keep, int maxDocuments) {
        this.cluster = cluster;
        this.keep = keep;
        this.maxDocuments = maxDocuments;
    }

    @Override
    public CompletionStage<Appended> append(String doc, long baseRev, String epoch, String newEpoch, String opId,
            String frame, String snapshot) {
        String prefix = headerPrefix(KIND_OP, doc);
        return cluster.eval(APPEND, keys(doc), List.of(Long.toString(baseRev), epoch, newEpoch, opId, frame, prefix,
                        channel(doc), Integer.toString(keep), snapshot != null ? "1" : "0", snapshot != null ? snapshot : ""))
                .map(r -> {
                    Outcome outcome = r.get(0).toLong() == 1 ? Outcome.APPENDED : Outcome.MOVED;
                    return new Appended(outcome, r.get(1).toLong(), r.get(2).toString());
                })
                .toCompletionStage();
    }

    @Override
    public CompletionStage<Loaded> load(String doc, long fromRev) {
        return cluster.eval(LOAD, keys(doc), List.of(Long.toString(fromRev)))
                .map(r -> {
                    long rev = r.get(0).toLong();
                    String epoch = r.get(1).toString();
                    boolean seedState = r.get(2).toLong() == 1;
                    long snapRev = r.get(3).toLong();
                    TextSnapshot snapshot = snapRev < 0 ? null : new TextSnapshot(doc, snapRev, r.get(4).toString());
                    return new Loaded(rev, epoch, seedState, snapshot, entries(r.get(5)));
                })
                .toCompletionStage();
    }

    @Override
    public CompletionStage<Seeded> seed(String doc, long rev, String text, String newEpoch) {
        return cluster.eval(SEED, keys(doc), List.of(Long.toString(rev), text, newEpoch, channel(doc),
                        headerPrefix(KIND_SEED, doc)))
                .map(r -> new Seeded(r.get(0).toLong() == 1, r.get(1).toLong(), r.get(2).toString()))
                .toCompletionStage();
    }

    /**
     * Makes {@code doc} one of the cluster's documents, to be run before its first append or seed:
     * false when that would make more than {@code hibiki.text.max-documents}. A document {@code restoring}
     * (a seed after Redis lost it) is added even over the limit: it counted when it was created.
     */
    CompletionStage<Boolean> register(String doc, boolean restoring) {
        return cluster.eval(REGISTER, List.of(documentsKey()), List.of(doc, Integer.toString(restoring ? -1 : maxDocuments),
                        cluster.channel(), Envelope.header(KIND_DOCUMENT, cluster.self(), doc)))
                .map(r -> r.toLong() == 1)
                .toCompletionStage();
    }

    /** The cluster's documents: at most {@code hibiki.text.max-documents} of them, so a node's reply stays bounded. */
    CompletionStage<List<String>> documents() {
        // SRANDMEMBER with a positive count is SMEMBERS capped at that many distinct names.
        return cluster.send(Request.cmd(Command.SRANDMEMBER).arg(documentsKey()).arg(maxDocuments))
                .map(r -> {
                    List<String> names = new ArrayList<>(r == null ? 0 : r.size());
                    if (r != null) {
                        r.forEach(name -> names.add(name.toString()));
                    }
                    return names;
                })
                .toCompletionStage();
    }

    /** The sharded channel a document's ops and seeds are published on, in the slot of its keys. */
    String channel(String doc) {
        return cluster.partitionKey(doc, Cluster.TEXT, doc);
    }

    /** The document's head and log: both in its partition's slot, with its channel. */
    private List<String> keys(String doc) {
        return List.of(cluster.partitionKey(doc, Cluster.TEXT, doc, "head"), cluster.partitionKey(doc, Cluster.TEXT, doc, "log"));
    }

    private String documentsKey() {
        return cluster.hubKey(Cluster.TEXT, "docs");
    }

    /** {@code kind origin doc}: the script appends the rest of the header. */
    private String headerPrefix(String kind, String doc) {
        String header = Envelope.header(kind, cluster.self(), doc);
        return header.substring(0, header.length() - 1);
    }

    /** XRANGE's answer: [[id, [field, value, ...]], ...]. */
    private static List<Entry> entries(Response range) {
        List<Entry> out = new ArrayList<>(range == null ? 0 : range.size());
        if (range == null) {
            return out;
        }
        for (Response item : range) {
            String id = item.get(0).toString();
            long rev = Long.parseLong(id.substring(0, id.indexOf('-')));
            String opId = null;
            String epoch = "";
            String frame = null;
            Response fields = item.get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                switch (fields.get(i).toString()) {
                    case "id" -> opId = fields.get(i + 1).toString();
                    case "e" -> epoch = fields.get(i + 1).toString();
                    case "f" -> frame = fields.get(i + 1).toString();
                    default -> {
                    }
                }
            }
            out.add(new Entry(rev, opId, epoch, frame));
        }
        return out;
    }
}
