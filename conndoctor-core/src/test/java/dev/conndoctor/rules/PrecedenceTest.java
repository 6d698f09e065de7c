package dev.conndoctor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The precedence table as declared: ranks in line order, suppressions with their threshold, and mistakes refused. */
class PrecedenceTest {

    @Test
    void causesAreRankedInTheOrderOfTheirLines() {
        Precedence p = Precedence.builder().then(CauseId.NO_ROUTE).then(CauseId.HOST_DOWN).then(CauseId.DNS_TIMEOUT).build();

        assertThat(p.rank(CauseId.NO_ROUTE)).isLessThan(p.rank(CauseId.HOST_DOWN));
        assertThat(p.rank(CauseId.HOST_DOWN)).isLessThan(p.rank(CauseId.DNS_TIMEOUT));
        assertThat(p.ranking()).containsExactly(CauseId.NO_ROUTE, CauseId.HOST_DOWN, CauseId.DNS_TIMEOUT);
    }

    @Test
    void aCauseRankedTwiceIsRefused() {
        assertThatThrownBy(() -> Precedence.builder().then(CauseId.NO_ROUTE).then(CauseId.NO_ROUTE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-route");
    }

    @Test
    void aCauseWithoutALineHasNoRank() {
        Precedence p = Precedence.builder().then(CauseId.NO_ROUTE).build();

        assertThat(p.ranks(CauseId.HOST_DOWN)).isFalse();
        assertThatThrownBy(() -> p.rank(CauseId.HOST_DOWN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCauseCannotSuppressItself() {
        assertThatThrownBy(() -> Precedence.builder().suppresses(CauseId.NO_ROUTE, CauseId.NO_ROUTE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSuppressionAppliesOnlyToItsLoserAndOnlyWhenItsWinnerIsSureEnough() {
        Precedence p = Precedence.builder().then(CauseId.PROXY_STRIPS_UPGRADE).then(CauseId.HTTP_NOT_WEBSOCKET)
                .suppresses(CauseId.PROXY_STRIPS_UPGRADE, Confidence.LIKELY, CauseId.HTTP_NOT_WEBSOCKET).build();
        List<Cause> likely = List.of(cause(CauseId.PROXY_STRIPS_UPGRADE, Confidence.LIKELY));
        List<Cause> possible = List.of(cause(CauseId.PROXY_STRIPS_UPGRADE, Confidence.POSSIBLE));

        assertThat(p.suppressing(CauseId.HTTP_NOT_WEBSOCKET, likely)).isPresent();
        assertThat(p.suppressing(CauseId.HTTP_NOT_WEBSOCKET, possible)).isEmpty();
        assertThat(p.suppressing(CauseId.PROXY_STRIPS_UPGRADE, likely)).isEmpty();
    }

    private static Cause cause(CauseId id, Confidence confidence) {
        return Cause.builder(id, confidence, "x").build();
    }
}
