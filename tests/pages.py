"""Reading rendered pages in tests."""


def missing(page: str, *texts: str) -> list[str]:
    """The texts that `page` does not contain, in the order given: a test asserts the list is empty."""
    return [text for text in texts if text not in page]
