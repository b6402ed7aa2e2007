package dev.digitstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

    @Test
    void shouldBeCompleteWithNothingLostWhenEveryIdIsAnsweredOnce() {
        final DeliveryLedger ledger = new DeliveryLedger(Set.of("a", "b", "c"));

        ledger.answer("c");
        ledger.answer("a");
        ledger.answer("b");

        assertThat(ledger.complete()).isTrue();
        assertThat(ledger.lost()).isZero();
        assertThat(ledger.duplicates()).isZero();
        assertThat(ledger.answered()).isEqualTo(3);
    }

    @Test
    void shouldCountLostAndDuplicatedIdsWhenAnswersAreMissingOrRepeated() {
        final DeliveryLedger ledger = new DeliveryLedger(Set.of("a", "b", "c", "d"));

        ledger.answer("a");
        ledger.answer("b");
        ledger.answer("b");
        ledger.answer("b");

        assertThat(ledger.complete()).isFalse();
        assertThat(ledger.lost()).isEqualTo(2);
        assertThat(ledger.duplicates()).isEqualTo(2);
    }

    @Test
    void shouldCountForeignIdsApartWhenAnotherRunsRecordsArrive() {
        final DeliveryLedger ledger = new DeliveryLedger(Set.of("a"));

        ledger.answer("other-run-1");
        ledger.answer("a");

        assertThat(ledger.unexpected()).isEqualTo(1);
        assertThat(ledger.duplicates()).isZero();
        assertThat(ledger.complete()).isTrue();
    }
}
