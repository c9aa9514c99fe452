package dev.hibiki.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OriginGapsTest {

    private final OriginGaps gaps = new OriginGaps();

    @Test
    void framesInOrderMissNothing() {
        for (int seq = 1; seq <= 5; seq++) {
            assertEquals(0, gaps.seen("a~1", Integer.toString(seq)));
        }
    }

    @Test
    void aSkippedRunCountsTheFramesInBetweenOnce() {
        gaps.seen("a~1", "1");
        gaps.seen("a~1", "2");
        assertEquals(3, gaps.seen("a~1", "6"), "3, 4 and 5 never came");
        assertEquals(0, gaps.seen("a~1", "7"), "told once per gap");
        assertEquals(1, gaps.seen("a~1", "9"));
    }

    @Test
    void originsAreCountedApart() {
        gaps.seen("a~1", "1");
        gaps.seen("b~2", "10");
        assertEquals(0, gaps.seen("a~1", "2"));
        assertEquals(0, gaps.seen("b~2", "11"));
        assertEquals(2, gaps.seen("b~2", "14"));
    }

    @Test
    void theFirstFrameOfAnOriginStartsTheCountWhateverItsSeq() {
        assertEquals(0, gaps.seen("a~1", "500"), "a node already running when this one started");
        assertEquals(0, gaps.seen("a~1", "501"));
    }

    @Test
    void aSeqNotPastTheLastOneIsARestartNotAGap() {
        gaps.seen("a~1", "40");
        gaps.seen("a~1", "41");
        assertEquals(0, gaps.seen("a~1", "1"), "restarted under the same id");
        assertEquals(0, gaps.seen("a~1", "2"));
        assertEquals(1, gaps.seen("a~1", "4"), "counted from the restart on");
        assertEquals(0, gaps.seen("a~1", "4"), "the same seq again is not a gap either");
    }

    @Test
    void framesWithoutASeqAreUntrackedAndChangeNothing() {
        assertEquals(0, gaps.seen("old~1", null), "a node of an older version");
        assertEquals(0, gaps.tracked());
        gaps.seen("a~1", "1");
        assertEquals(0, gaps.seen("a~1", null));
        assertEquals(0, gaps.seen("a~1", "x"), "a seq this version cannot read");
        assertEquals(0, gaps.seen("a~1", "2"), "the untracked frames did not count");
        assertEquals(1, gaps.tracked());
    }

    @Test
    void anOriginCountedAsLeftAndHeardAgainHasItsGapCounted() {
        // What this node's own lost subscription looks like: the peer went silent for
        // node-timeout, then its frames come again, past the ones sent meanwhile.
        gaps.seen("a~1", "1");
        gaps.seen("a~1", "2");
        gaps.forget("a~1");
        assertEquals(0, gaps.tracked());
        assertEquals(7, gaps.seen("a~1", "10"));
        assertEquals(1, gaps.tracked());
        assertEquals(0, gaps.seen("a~1", "11"));
    }

    @Test
    void onlyTheLatestDepartedOriginsAreKept() {
        gaps.seen("gone~0", "5");
        gaps.forget("gone~0");
        for (int i = 1; i <= OriginGaps.DEPARTED_KEPT; i++) {
            gaps.seen("gone~" + i, "5");
            gaps.forget("gone~" + i);
        }
        assertEquals(0, gaps.seen("gone~0", "30"), "the oldest one is forgotten for good: a first frame again");
        assertEquals(24, gaps.seen("gone~" + OriginGaps.DEPARTED_KEPT, "30"), "the latest one is still known");
    }

    @Test
    void forgettingAnUnknownOriginChangesNothing() {
        gaps.forget("never~1");
        assertEquals(0, gaps.seen("never~1", "9"));
        assertEquals(1, gaps.tracked());
    }
}
