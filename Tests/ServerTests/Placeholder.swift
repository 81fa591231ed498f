import Testing
@Test func placeholder() {}
import HummingbirdWSClient
