package io.obproxy.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A minimal application that uses the starter as any would: Boot's auto-configuration, nothing declared. */
@SpringBootApplication
public class StarterTestApplication {
}
