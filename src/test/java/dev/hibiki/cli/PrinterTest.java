package dev.hibiki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class PrinterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aMissedFrameSaysHowManyHubWideFramesWillNotCome() throws Exception {
        assertEquals("3 hub-wide frames lost between nodes; they will not come (status to refresh)",
                Printer.describe(MAPPER.readTree("{\"type\":\"missed\",\"scope\":\"hub\",\"frames\":3}")));
    }
}
