package dev.hibiki.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hibiki.hub.Admission;
import dev.hibiki.hub.Client;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.FakePeer;
import dev.hibiki.hub.FanOut;
import dev.hibiki.hub.HubConfig;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Outbound;
import dev.hibiki.hub.Who;
import dev.hibiki.presence.PresenceConfig;
import io.vertx.core.Vertx;

/**
 * {@link Rooms} on the in-memory backend, without a server: the rules of joining, publishing,
 * recovering and closing, observed as the frames each member's transport receives.
 */
class RoomsUnitTest {

    private final List<String> journal = new ArrayList<>();
    private final RoomJournal recorder = new RoomJournal() {
        @Override
        public List<Restored> restoredRooms() {
            return List.of();
        }

        @Override
        public void published(RoomFrames.Message message, long atMillis) {
            journal.add("published " + message.room() + " " + message.seq());
        }

        @Override
        public void roomClosed(String room) {
            journal.add("closed " + room);
        }
    };
    private final FanOut fanOut = new FanOut() {
        @Override
        public int everyone(Outbound frame, Client except) {
            throw new UnsupportedOperationException("rooms never fan out hub-wide");
        }

        @Override
        public int recipients(Iterable<Client> recipients, Outbound frame, Client except) {
            int n = 0;
            for (Client client : recipients) {
                if (client != except) {
                    client.send(frame);
                    n++;
                }
            }
            return n;
        }
    };
    private final RoomsConfig config = config(3, 2);
    private final HubConfig.Limits limits = limits(2);
    private final Vertx vertx = Vertx.vertx();
    private final RoomTable table = new RoomTable(fanOut, recorder, config,
            new RoomNotices(fanOut, presence(), vertx, Room::size));
    private final Rooms rooms = new Rooms(table, new LocalRooms(table, recorder, config), limits, config);

    @Test
    void membersReceiveARoomsMessagesNumberedInOrderAndTheSenderMaySkipItsOwn() {
        Client alice = client("a");
        Client bob = client("b");
        join(alice, "lobby");
        join(bob, "lobby");

        rooms.publish(alice.who(), alice, "lobby", "one", null, true);
        rooms.publish(alice.who(), alice, "lobby", "two", null, false);

        assertThat(texts(bob)).containsExactly("one", "two");
        assertThat(texts(alice)).containsExactly("one");
        assertThat(FakePeer.of(bob).frames("message")).extracting(m -> m.path("seq").asLong()).containsExactly(1L, 2L);
        assertThat(journal).containsExactly("published lobby 1", "published lobby 2");
        // Bob's arrival came within alice's join window: it reaches alice when the window ends.
        await().atMost(Duration.ofSeconds(5)).until(() -> FakePeer.of(alice).frames("room_presence").size() == 1);
        assertThat(FakePeer.of(alice).frames("room_presence").get(0).path("who").path("name").asText()).isEqualTo("b");
    }

    @Test
    void aMemberRejoiningWithSinceGetsWhatItMissedFirstOrIsToldItIsGone() {
        Client alice = client("a");
        join(alice, "news");
        for (int i = 1; i <= 5; i++) {
            rooms.publish(Who.SERVER, null, "news", "m" + i, null, true);
        }
        Client back = client("b");
        RoomFrames.Joined joined = rooms.join(back, "news", 3L).toCompletableFuture().join();
        assertThat(joined.recovered()).isTrue();
        assertThat(texts(back)).containsExactly("m4", "m5");

        Client late = client("c");
        // The room keeps 3 messages (3, 4, 5): since 1 would need message 2.
        assertThat(rooms.join(late, "news", 1L).toCompletableFuture().join().recovered()).isFalse();
        assertThat(texts(late)).isEmpty();
    }

    @Test
    void anEmptiedRoomStaysForItsHistoryAndItsSeqContinues() {
        Client alice = client("a");
        join(alice, "kept");
        rooms.publish(alice.who(), alice, "kept", "before", null, true);
        rooms.leave(alice, "kept");
        assertThat(rooms.count()).isZero();

        Client bob = client("b");
        join(bob, "kept");
        assertThat(rooms.publish(bob.who(), bob, "kept", "after", null, true).seq()).isEqualTo(2);
    }

    @Test
    void onlyMembersPublishAndRoomsAreCapped() {
        Client outsider = client("x");
        assertThatThrownBy(() -> rooms.publish(outsider.who(), outsider, "lobby", "hi", null, true))
                .isInstanceOf(HubException.class).extracting(e -> ((HubException) e).code()).isEqualTo(ErrorCode.FORBIDDEN);

        Client member = client("m");
        join(member, "r1");
        join(member, "r2");
        assertThatThrownBy(() -> join(client("n"), "r3")).hasMessageContaining("too many rooms on this server");
        assertThatThrownBy(() -> join(member, "r3")).hasMessageContaining("at most 2 rooms");
    }

    @Test
    void closingARoomTellsEveryMemberAndForgetsItsHistory() {
        Client alice = client("a");
        Client bob = client("b");
        join(alice, "gone");
        join(bob, "gone");
        rooms.publish(alice.who(), alice, "gone", "last", null, true);

        assertThat(rooms.close(alice, "gone")).isEqualTo(2);

        assertThat(FakePeer.of(bob).frames("room_closed")).hasSize(1);
        assertThat(bob.rooms()).isEmpty();
        assertThat(journal).endsWith("closed gone");
        assertThatThrownBy(() -> rooms.close(null, "gone")).extracting(e -> ((HubException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void closingNeedsTheRoleTheAdmissionNames() {
        Client member = FakePeer.client("m", "m", new Admission().roles(List.of("user")).closeRoomsRole("admin"), limits);
        join(member, "guarded");
        assertThatThrownBy(() -> rooms.close(member, "guarded")).hasMessageContaining("needs the role admin");
    }

    @AfterEach
    void closeVertx() {
        vertx.close();
    }

    private void join(Client client, String room) {
        rooms.join(client, room, null).toCompletableFuture().join();
    }

    private Client client(String id) {
        return FakePeer.client(id, id, new Admission(), limits);
    }

    private static List<String> texts(Client client) {
        return FakePeer.of(client).frames("message").stream().map(m -> m.path("text").asText()).toList();
    }

    /** Room presence coalesced over a short window: the first change of a window is sent at once, the rest at its end. */
    private static PresenceConfig presence() {
        return new PresenceConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Duration interval() {
                return Duration.ofMillis(50);
            }

            @Override
            public int maxHubSize() {
                return 1000;
            }

            @Override
            public int framesPerSecond() {
                return 20000;
            }

            @Override
            public int maxNames() {
                return 100;
            }
        };
    }

    private static RoomsConfig config(int historySize, int maxRooms) {
        return new RoomsConfig() {
            @Override
            public History history() {
                return new History() {
                    @Override
                    public int size() {
                        return historySize;
                    }

                    @Override
                    public Duration maxAge() {
                        return Duration.ofMinutes(5);
                    }

                    @Override
                    public int maxEmptyRooms() {
                        return 10;
                    }
                };
            }

            @Override
            public int maxRooms() {
                return maxRooms;
            }
        };
    }

    private static HubConfig.Limits limits(int roomsPerConnection) {
        return new HubConfig.Limits() {
            @Override
            public int maxMessageBytes() {
                return 65536;
            }

            @Override
            public int ratePerSecond() {
                return 200;
            }

            @Override
            public int rateBurst() {
                return 400;
            }

            @Override
            public int maxConnections() {
                return 100;
            }

            @Override
            public int maxConnectionsPerAddress() {
                return 100;
            }

            @Override
            public int maxRoomsPerConnection() {
                return roomsPerConnection;
            }

            @Override
            public int maxMembersPerRoom() {
                return 100;
            }

            @Override
            public long maxOutboundBytes() {
                return 1 << 20;
            }
        };
    }
}
