package io.skygrid.cli;

/** Entry point of the {@code skygrid} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(0);
    }
}
