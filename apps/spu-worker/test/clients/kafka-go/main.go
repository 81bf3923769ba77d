// A segmentio kafka-go (Debian golang-github-segmentio-kafka-go-dev 0.2.1) user's
// session: it speaks Produce v2 and Fetch v2 (message format v1) only. Admin,
// produce with each codec, read back, offsets by time, and a two-member group
// with commits. Prints "ok <step>"; exits 1 at the first failure.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sync"
	"time"

	kafka "github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/gzip"
	"github.com/segmentio/kafka-go/lz4"
	"github.com/segmentio/kafka-go/snappy"
)

var (
	broker = flag.String("brokers", "", "bootstrap host:port")
	prefix = flag.String("prefix", "kafkago", "topic and group name prefix")
)

func fail(step string, err error) {
	fmt.Printf("FAIL %s: %v\n", step, err)
	os.Exit(1)
}

func produceAndRead(name string, codec kafka.CompressionCodec, base time.Time) {
	topic := *prefix + "-" + name
	conn, err := kafka.DialLeader(context.Background(), "tcp", *broker, topic, 0)
	if err != nil {
		fail("dial "+name, err)
	}
	defer conn.Close()
	const n = 10
	var messages []kafka.Message
	for i := 0; i < n; i++ {
		messages = append(messages, kafka.Message{Key: []byte(fmt.Sprintf("k%d", i)), Value: []byte(fmt.Sprintf("%s-%d", name, i)), Time: base.Add(time.Duration(i) * time.Second)})
	}
	conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.WriteCompressedMessages(codec, messages...); err != nil {
		fail("produce "+name, err)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Seek(0, kafka.SeekAbsolute); err != nil {
		fail("seek "+name, err)
	}
	batch := conn.ReadBatch(1, 1<<20)
	for i := 0; i < n; i++ {
		m, err := batch.ReadMessage()
		if err != nil {
			fail("read "+name, fmt.Errorf("message %d: %v", i, err))
		}
		if string(m.Value) != fmt.Sprintf("%s-%d", name, i) || string(m.Key) != fmt.Sprintf("k%d", i) || m.Offset != int64(i) || !m.Time.Equal(base.Add(time.Duration(i)*time.Second)) {
			fail("read "+name, fmt.Errorf("message %d: %d %s=%s at %v", i, m.Offset, m.Key, m.Value, m.Time))
		}
	}
	batch.Close()
	fmt.Printf("ok produce+read %s\n", name)
}

func offsetsByTime(base time.Time) {
	conn, err := kafka.DialLeader(context.Background(), "tcp", *broker, *prefix+"-none", 0)
	if err != nil {
		fail("dial offsets", err)
	}
	defer conn.Close()
	offset, err := conn.ReadOffset(base.Add(3500 * time.Millisecond))
	if err != nil || offset != 4 {
		fail("offsets by time", fmt.Errorf("got %d (%v), want 4", offset, err))
	}
	first, last, err := conn.ReadOffsets()
	if err != nil || first != 0 || last != 10 {
		fail("offsets", fmt.Errorf("first %d last %d (%v)", first, last, err))
	}
	fmt.Println("ok offsets by time, first and last")
}

func group() {
	topic := *prefix + "-group"
	w := kafka.NewWriter(kafka.WriterConfig{Brokers: []string{*broker}, Topic: topic, BatchTimeout: 10 * time.Millisecond})
	const n = 40
	for i := 0; i < n; i++ {
		if err := w.WriteMessages(context.Background(), kafka.Message{Key: []byte(fmt.Sprintf("k%d", i)), Value: []byte(fmt.Sprintf("g%d", i))}); err != nil {
			fail("group produce", err)
		}
	}
	w.Close()
	groupID := *prefix + "-members"
	var mu sync.Mutex
	seen := map[string]bool{}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	readers := []*kafka.Reader{}
	for r := 0; r < 2; r++ {
		reader := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{*broker}, GroupID: groupID, Topic: topic, MaxWait: 200 * time.Millisecond, CommitInterval: 0})
		readers = append(readers, reader)
		wg.Add(1)
		go func(reader *kafka.Reader) {
			defer wg.Done()
			for {
				m, err := reader.FetchMessage(ctx)
				if err != nil {
					return
				}
				mu.Lock()
				seen[string(m.Value)] = true
				done := len(seen) == n
				mu.Unlock()
				if err := reader.CommitMessages(ctx, m); err != nil {
					fmt.Printf("commit: %v\n", err)
				}
				if done {
					cancel()
				}
			}
		}(reader)
	}
	wg.Wait()
	for _, r := range readers {
		r.Close()
	}
	if len(seen) != n {
		fail("group", fmt.Errorf("consumed %d of %d", len(seen), n))
	}
	fmt.Println("ok group of two with commits")
}

func main() {
	flag.Parse()
	conn, err := kafka.Dial("tcp", *broker)
	if err != nil {
		fail("connect", err)
	}
	scratch := *prefix + "-scratch"
	if err := conn.CreateTopics(kafka.TopicConfig{Topic: scratch, NumPartitions: 3, ReplicationFactor: 1}, kafka.TopicConfig{Topic: *prefix + "-group", NumPartitions: 2, ReplicationFactor: 1}); err != nil {
		fail("create topics", err)
	}
	partitions, err := conn.ReadPartitions(scratch)
	if err != nil || len(partitions) != 3 {
		fail("describe topic", fmt.Errorf("%v %+v", err, partitions))
	}
	if err := conn.DeleteTopics(scratch); err != nil {
		fail("delete topic", err)
	}
	conn.Close()
	fmt.Println("ok admin create/describe/delete")
	base := time.Unix(1_700_000_000, 0)
	produceAndRead("none", nil, base)
	produceAndRead("gzip", gzip.NewCompressionCodec(), base)
	produceAndRead("snappy", snappy.NewCompressionCodec(), base)
	produceAndRead("lz4", lz4.NewCompressionCodec(), base)
	offsetsByTime(base)
	group()
}
