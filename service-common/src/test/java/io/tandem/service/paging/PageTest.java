package io.tandem.service.paging;

import io.tandem.service.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageTest {

    @Test
    void shouldPointTheCursorAfterTheLastReturnedRowWhenMoreRowsExist() {
        Page<String> page = Page.of(List.of("a", "b", "c"), 2, s -> s);

        assertThat(page.items()).containsExactly("a", "b");
        assertThat(Cursors.decode(page.nextCursor())).isEqualTo("b");
    }

    @Test
    void shouldHaveNoCursorOnTheLastPage() {
        Page<String> page = Page.of(List.of("a", "b"), 2, s -> s);

        assertThat(page.items()).containsExactly("a", "b");
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void shouldDefaultAndBoundTheLimit() {
        assertThat(Cursors.limit(null)).isEqualTo(50);
        assertThat(Cursors.limit(1000)).isEqualTo(1000);
        assertThatThrownBy(() -> Cursors.limit(1001)).isInstanceOf(ProblemException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> Cursors.limit(0)).isInstanceOf(ProblemException.class);
    }

    @Test
    void shouldRejectACursorItDidNotMake() {
        assertThat(Cursors.decode(null)).isNull();
        assertThatThrownBy(() -> Cursors.decode("not base64!")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("cursor");
    }
}
