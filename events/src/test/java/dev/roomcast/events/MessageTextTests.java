package dev.roomcast.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTextTests {

	@Test
	void countsAnEmojiOnceThoughItIsTwoUtf16Units() {
		String laughing = "\uD83D\uDE02";
		assertThat(laughing.length()).isEqualTo(2);
		assertThat(MessageText.length(laughing)).isEqualTo(1);
	}

	@Test
	void acceptsTheLimitInEmojiWhoseUtf16LengthIsTwiceIt() {
		String text = "\uD83D\uDE02".repeat(MessageText.MAX_LENGTH);
		assertThat(text.length()).isEqualTo(2 * MessageText.MAX_LENGTH);
		assertThat(MessageText.isValid(text)).isTrue();
		assertThat(MessageText.isValid(text + "\uD83D\uDE02")).isFalse();
	}

	@Test
	void countsMultiByteCharactersOnceEach() {
		String text = "é中".repeat(MessageText.MAX_LENGTH / 2);
		assertThat(MessageText.length(text)).isEqualTo(MessageText.MAX_LENGTH);
		assertThat(MessageText.isValid(text)).isTrue();
		assertThat(MessageText.isValid(text + "ü")).isFalse();
	}

	@Test
	void refusesMissingEmptyAndBlankTexts() {
		assertThat(MessageText.isValid(null)).isFalse();
		assertThat(MessageText.isValid("")).isFalse();
		assertThat(MessageText.isValid(" \t\n")).isFalse();
		assertThat(MessageText.isValid("hi")).isTrue();
	}

}
