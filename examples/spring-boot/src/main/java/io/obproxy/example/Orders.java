package io.obproxy.example;

import org.springframework.data.jpa.repository.JpaRepository;

/** Orders, through Spring Data JPA. */
public interface Orders extends JpaRepository<PurchaseOrder, Long> {
    long countByCustomerId(long customerId);
}
