package io.obproxy.example;

import org.springframework.data.jpa.repository.JpaRepository;

/** Customers, through Spring Data JPA. */
public interface Customers extends JpaRepository<Customer, Long> {
}
