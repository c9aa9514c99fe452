package dev.hibiki.text.cluster;

import dev.hibiki.cluster.Cluster;
import dev.hibiki.cluster.Envelope;
import dev.hibiki.text.TextSnapshot;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The shared text log in Redis. Per document: a hash {@code <prefix>:{<prefix>}:text:<doc>:head} (rev,
 * epoch, snaprev, snap, seed) and a stream {@code <prefix>:{<prefix>}:text:<doc>:log} whose entry ids
 * are the revisions ({@code <rev>-0}), trimmed to about {@code hibiki.text.history} entries; plus the
 * set {@code <prefix>:{<prefix>}:text:docs} of document names for {@code hibiki.text.max-documents}.
 * Each change is one Lua script, so the check, the write and the publish happen as one step in
 * Redis. All of it lives in the hub's slot ({@code Cluster.hubKey}) with the hub channel the
 * scripts publish to, so on Redis Cluster the shared text is served by one shard.
 */
final class RedisTextLog implements TextLog {

    /** Bus kind of an appended op: args doc, rev, op id, epoch; body the {@code text_op} frame. */
    static final String KIND_OP = "text";
    /** Bus kind of a seed: args doc, rev, epoch; no body. */
    static final String KIND_SEED = "text-seed";

    private static final String APPEND = """
            local h = redis.call('HMGET', KEYS[1], 'rev', 'epoch')
            local rev = tonumber(h[1] or '0')
            local epoch = h[2] or ''
            if rev ~= tonumber(ARGV[1]) or (h[1] and epoch ~= ARGV[2]) then
              return {0, rev, epoch}
            end
            if not h[1] then
              if redis.call('SISMEMBER', KEYS[3], ARGV[10]) == 0
                  and redis.call('SCARD', KEYS[3]) >= tonumber(ARGV[9]) then
                return {-1, rev, epoch}
              end
              redis.call('SADD', KEYS[3], ARGV[10])
              epoch = ARGV[3]
              redis.call('HSET', KEYS[1], 'epoch', epoch)
            end
            rev = rev + 1
            redis.call('HSET', KEYS[1], 'rev', rev)
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[8], rev .. '-0', 'id', ARGV[4], 'e', epoch, 'f', ARGV[5])
            if ARGV[11] == '1' then
              redis.call('HSET', KEYS[1], 'snaprev', rev, 'snap', ARGV[12])
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
            redis.call('SADD', KEYS[3], ARGV[4])
            redis.call('SPUBLISH', ARGV[5], ARGV[6] .. ' ' .. ARGV[1] .. ' ' .. ARGV[3] .. '\\n')
            return {1, tonumber(ARGV[1]), ARGV[3]}
            """;

    private final Cluster cluster;
    private final int keep;
    private final int maxDocuments;

    /**
     * @param keep         entries each document's stream keeps at least
     * @param maxDocuments most documents in the whole cluster
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
                        cluster.channel(), Integer.toString(keep), Integer.toString(maxDocuments), doc,
                        snapshot != null ? "1" : "0", snapshot != null ? snapshot : ""))
                .map(r -> {
                    long code = r.get(0).toLong();
                    Outcome outcome = code == 1 ? Outcome.APPENDED : code == 0 ? Outcome.MOVED : Outcome.TOO_MANY_DOCUMENTS;
                    return new Appended(outcome, r.get(1).toLong(), r.get(2).toString());
                })
                .toCompletionStage();
    }

    @Override
    public CompletionStage<Loaded> load(String doc, long fromRev) {
        return cluster.eval(LOAD, keys(doc).subList(0, 2), List.of(Long.toString(fromRev)))
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
        return cluster.eval(SEED, keys(doc), List.of(Long.toString(rev), text, newEpoch, doc, cluster.channel(),
                        headerPrefix(KIND_SEED, doc)))
                .map(r -> new Seeded(r.get(0).toLong() == 1, r.get(1).toLong(), r.get(2).toString()))
                .toCompletionStage();
    }

    private List<String> keys(String doc) {
        return List.of(cluster.hubKey("text", doc, "head"), cluster.hubKey("text", doc, "log"), cluster.hubKey("text", "docs"));
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
